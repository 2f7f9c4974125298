"""Every cap and limit of the boundary, defined once."""

from __future__ import annotations

from validators import wall_ceiling  # defined once, for every mode (the host's budget too)

__all__ = [
    "MAX_DEPTH",
    "MAX_ITEMS",
    "MAX_MESSAGE",
    "POLL_SLICE",
    "PROTOCOL_CPU_BOUND",
    "SERVER_SHARE_OF_PROTOCOL_CPU",
    "TRACEBACK_CHARS",
    "WAIT_GRACE",
    "wall_ceiling",
]

# One message (either direction) may hold at most this many bytes; the length
# prefix is checked before a byte of the body is read, so a 1 GB reply costs nothing.
MAX_MESSAGE = 64 << 20
# Containers nested deeper than this are refused while decoding (and encoding).
MAX_DEPTH = 100
# Values (containers and scalars) in one message.
MAX_ITEMS = 4_000_000
# The submission's traceback text that travels with an exception.
TRACEBACK_CHARS = 4000
# The tests side waits on the socket in slices this long (s), checking the
# submission's CPU time between them.
POLL_SLICE = 0.02
# Waits whose charged part (see clock.py) is shorter than this are a crossing's
# latency, not the submission blocking: they do not count toward the wall-clock
# ceiling.  A test of 120,000 quick calls waits 6-12 s in all and blocks on
# nothing; on this machine at load average 94, 10,000 quick calls had a median wait
# of 18 us, 159 waits over 2 ms (0.8 s in all), the longest 33 ms.  A sleep shorter
# than this per call only wastes the run's time, which the sandbox's own watchdog
# bounds.
WAIT_GRACE = 0.05
# CPU the submission's own process spends decoding a request and encoding its
# reply is the crossing's cost, not the candidate's.  The server does the mirror
# image of the tests side's protocol work (it decodes what the tests encode, and the
# same syscalls), so this share of the tests side's own protocol CPU (measured
# exactly, per thread, excluding the tests' callbacks) is forgiven.  Measured here:
# the server's CPU per crossing is 0.83-0.94 of the tests side's protocol CPU, at
# load averages from 100 to 145 (see docs/isolation.md), so the few us per crossing
# left over are charged to the candidate, never the other way.  Only the tests'
# encoding, decoding and waiting count, never their callbacks, and no crossing is
# forgiven more than PROTOCOL_CPU_BOUND allows for its bytes, so a submission cannot
# earn CPU by sending what is cheap to encode and slow to decode (a dict of keys
# whose hashes collide).
SERVER_SHARE_OF_PROTOCOL_CPU = 0.8
PROTOCOL_CPU_BOUND = (200e-6, 100e-9)  # seconds per crossing, plus seconds per byte moved

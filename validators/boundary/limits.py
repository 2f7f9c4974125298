"""Every cap and limit of the boundary, defined once."""

from __future__ import annotations

__all__ = [
    "ALLOWANCE_PER_CROSSING",
    "MAX_DEPTH",
    "MAX_ITEMS",
    "MAX_MESSAGE",
    "POLL_SLICE",
    "TRACEBACK_CHARS",
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
# CPU the submission's own process spends decoding a request and encoding its
# reply is the crossing's cost, not the candidate's: this much per crossing the
# tests make is forgiven (measured here: 15-22 us of the server's CPU per small call
# on a loaded machine, so this errs on the candidate's side by a few us at most on a
# quiet one; see docs/isolation.md).  Only crossings the tests side starts earn it.
ALLOWANCE_PER_CROSSING = 12e-6


def wall_ceiling(cpu_limit: float) -> float:
    """Wall-clock seconds a test may spend waiting on the submission (sleeps, blocking)."""
    return 3 * cpu_limit + 1.0

"""A submission that crashes, exits, hangs, burns CPU, floods, or writes garbage."""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from validators.boundary import Boundary, SubmissionCrashed, SubmissionTimeout

Make = Callable[..., Boundary]

SUB = """
import os, sys, time

class Store:
    def __init__(self): self.d = {}
    def get(self, k): return self.d.get(k)

def spin(seconds=None):
    end = time.process_time() + (seconds or 1e9)
    while time.process_time() < end:
        pass
    return "done"

def nap(seconds): time.sleep(seconds); return "rested"
def leave(): os._exit(0)
def big(): return "x" * (1 << 30)
def deep():
    value = []
    for _ in range(100_000):
        value = [value]
    return value
def chatty(n): print("y" * n); print("to stderr", file=sys.stderr); return n
def ok(): return 1
"""


def test_cpu_limit_kills_and_says_so(make_boundary: Make) -> None:
    killed: list[int] = []

    def kill(pid: int) -> None:
        killed.append(pid)
        os.kill(pid, 9)

    # The wall ceiling is set far out: this test is about CPU, and on a machine as
    # loaded as ours (load average 100+) 0.5 s of CPU can take many seconds of wall time.
    b = make_boundary(SUB, cpu=0.5, kill=kill, wall=60)
    mod = b.import_module("sub")
    b.begin_test("t")
    started = time.monotonic()
    with pytest.raises(SubmissionTimeout, match=r"used 0\.\d+ s of CPU, the limit is 0.5 s"):
        mod.spin()
    outcome = b.end_test()
    assert outcome.timed_out is not None and outcome.timed_out.startswith("cpu:")
    assert outcome.crashed is None and killed
    assert time.monotonic() - started < 30
    b.begin_test("next")  # a fresh process; names from the module are re-resolved
    assert mod.ok() == 1 and b.end_test().timed_out is None


def test_wall_ceiling_catches_a_sleeping_submission(make_boundary: Make) -> None:
    b = make_boundary(SUB, cpu=0.3, wall=1.0)
    mod = b.import_module("sub")
    b.begin_test("t")
    with pytest.raises(SubmissionTimeout, match=r"blocked on the submission for 1\.\d s"):
        mod.nap(30)
    assert b.end_test().timed_out.startswith("wall:")  # type: ignore[union-attr]


def test_many_quick_calls_are_not_blocking(make_boundary: Make) -> None:
    b = make_boundary(SUB, cpu=5)
    store = b.import_module("sub").Store()  # (starting the process is one long wait)
    b.clock.wall_limit = 0.3
    b.begin_test("t")
    started = time.monotonic()
    for _ in range(10_000):
        store.get("k")
    assert time.monotonic() - started > 0.3  # more wall time in crossings than the ceiling
    assert b.end_test().timed_out is None


def test_the_tests_own_cpu_does_not_count(make_boundary: Make) -> None:
    b = make_boundary(SUB, cpu=0.3, wall=60)
    mod = b.import_module("sub")
    store = mod.Store()
    b.begin_test("t")
    end = time.process_time() + 0.6
    while time.process_time() < end:  # the tests process computing on its own
        pass
    for _ in range(2000):
        store.get("k")
    outcome = b.end_test()
    assert outcome.timed_out is None and outcome.cpu < 0.3


def test_exit_in_a_call_is_an_error_and_the_next_test_gets_a_fresh_process(make_boundary: Make) -> None:
    b = make_boundary(SUB)
    mod = b.import_module("sub")
    b.begin_test("t1")
    store = mod.Store()
    with pytest.raises(SubmissionCrashed, match="exited during the test"):
        mod.leave()
    assert b.end_test().crashed == "the submission's process exited during the test (exit status 0)"
    b.begin_test("t2")
    assert mod.ok() == 1  # re-resolved by its origin, sub.ok
    with pytest.raises(SubmissionCrashed, match="ended in an earlier test"):
        store.get("k")
    assert b.end_test().crashed is None


@pytest.mark.parametrize(("call", "why"), [("big", "past the"), ("deep", "nested deeper than 100")])
def test_oversized_answers_are_refused(make_boundary: Make, call: str, why: str) -> None:
    b = make_boundary(SUB, cpu=20)
    mod = b.import_module("sub")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    b.begin_test("t")
    with pytest.raises(SubmissionCrashed, match=why):
        getattr(mod, call)()
    outcome = b.end_test()
    assert outcome.crashed is not None and why in outcome.crashed
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mib < 100, f"the tests process grew by {grown_mib:.0f} MiB"


def test_output_is_captured_per_test_and_capped(make_boundary: Make) -> None:
    b = make_boundary(SUB, output_cap=100)
    mod = b.import_module("sub")
    b.begin_test("t1")
    mod.chatty(3)
    first = b.end_test()
    assert first.output == "yyy\nto stderr\n" and not first.output_exceeded  # in the order written
    b.begin_test("t2")
    mod.chatty(5000)
    second = b.end_test()
    assert second.output_exceeded and len(second.output) == 100


def test_exit_at_import_breaks_the_module_not_the_run(make_boundary: Make) -> None:
    b = make_boundary("import os\nos._exit(3)\n")
    mod = b.import_module("sub")
    thing = mod.anything  # collection-time names still resolve, to something that fails when used
    b.begin_test("t")
    with pytest.raises(SubmissionCrashed, match="did the submission exit or crash at import"):
        thing()
    outcome = b.end_test()
    assert outcome.crashed is not None and "exit status 3" in outcome.crashed


def test_sys_exit_at_import(make_boundary: Make) -> None:
    b = make_boundary("import sys\nsys.exit(0)\n")
    mod = b.import_module("sub")
    b.begin_test("t")
    with pytest.raises(SubmissionCrashed, match=r"SystemExit: 0.*exit or crash at import"):
        mod.f()
    assert b.end_test().crashed is not None


def test_a_name_of_a_broken_module_looked_up_in_a_test_is_an_error(make_boundary: Make) -> None:
    """Threat row 20: `callable(getattr(sub, "target", None))` was True for a module whose
    import had exited (any proxy's type has __call__), so that test passed.  Now looking
    a name up in a test is a use: it raises why, and the test is an error."""
    b = make_boundary("import sys\nsys.exit(0)\ndef target():\n    return 42\n")
    mod = b.import_module("sub")
    b.begin_test("t")
    with pytest.raises(SubmissionCrashed, match=r"SystemExit: 0.*exit or crash at import"):
        callable(getattr(mod, "target", None))
    assert b.end_test().crashed is not None


def _hostile_spawn(tmp_path: Path, *payloads: bytes) -> Callable[[], tuple[socket.socket, int]]:
    """A 'submission server' that answers its requests with ``payloads``, then exits."""
    script = tmp_path / "hostile.py"
    script.write_text(textwrap.dedent(f"""
        import socket, sys, time
        control = socket.socket(fileno=int(sys.argv[1]))
        _, fds, _, _ = socket.recv_fds(control, 1, 4)
        channel = socket.socket(fileno=fds[0])
        for payload in {list(payloads)!r}:
            channel.recv(1 << 16)
            channel.sendall(payload)
        time.sleep(0.2)
    """))
    children: list[subprocess.Popen[bytes]] = []

    def spawn() -> tuple[socket.socket, int]:
        ours, theirs = socket.socketpair()
        child = subprocess.Popen([sys.executable, str(script), str(theirs.fileno())],
                                 pass_fds=(theirs.fileno(),))
        theirs.close()
        children.append(child)
        return ours, child.pid

    return spawn


DEEP = b"\x02" + (5 * 150 + 1).to_bytes(4, "little") + b"\x09\x01\x00\x00\x00" * 150 + b"\x00"


@pytest.mark.parametrize(("payload", "why"), [
    (b"\x02\x00\x00\x00\x40", "1073741824 bytes"),                      # a 1 GiB reply announced
    (b"\x07\x03\x00\x00\x00abc", "unknown kind 7"),                      # a frame kind that does not exist
    (b"\x02\x05\x00\x00\x00\x63\x00\x00\x00\x00", "unknown tag 99"),     # a value tag that does not exist
    (DEEP, "nested deeper"),                                             # 150 lists, one in another
    (b"\x02\x01\x00\x00\x00\x0f", "malformed message"),                          # a reference with no id
    (b"\x02\x09\x00\x00\x00\x0f\x05\x00\x00\x00\x00\x00\x00\x00", "never handed out"),  # a forged reference
])
def test_a_server_that_writes_garbage(make_boundary: Make, tmp_path: Path, payload: bytes, why: str) -> None:
    b = make_boundary("", spawn=_hostile_spawn(tmp_path, payload))
    proxy = b.import_module("sub")  # the import itself gets the garbage: the module is broken
    b.begin_test("t")
    with pytest.raises(SubmissionCrashed, match=why):
        proxy.x()
    assert b.end_test().crashed is not None


def test_a_server_that_dies_mid_call(make_boundary: Make, tmp_path: Path) -> None:
    module = b"\x02\x0d\x00\x00\x00\x0e" + (1).to_bytes(8, "little") + (1).to_bytes(4, "little")
    output = b"\x02\x13\x00\x00\x00\x0a\x02\x00\x00\x00\x08\x00\x00\x00\x00\x03" + bytes(8)  # (b"", 0)
    half = b"\x02\x10\x00\x00\x00\x00"  # announces 16 bytes, sends 1, exits
    b = make_boundary("", spawn=_hostile_spawn(tmp_path, module, output, half))
    mod = b.import_module("sub")
    b.begin_test("t")  # one request: output (no releases are pending)
    with pytest.raises(SubmissionCrashed, match="exited during the test"):
        mod.f()
    assert "exited during the test" in str(b.end_test().crashed)


def test_answers_slow_to_decode_earn_the_submission_no_cpu(make_boundary: Make) -> None:
    # 8,000 int keys whose hashes are all 0: cheap to encode, quadratic to build as a dict
    b = make_boundary("def flood():\n    return {i * (2**61 - 1): 0 for i in range(8000)}\n", wall=60)
    flood = b.import_module("sub").flood
    b.begin_test("t")
    moved = b._channel().moved
    began = time.thread_time()
    assert len(flood()) == 8000
    decoding = time.thread_time() - began
    bound = 200e-6 + 100e-9 * (b._channel().moved - moved)
    assert b.clock.protocol_cpu <= bound < decoding / 5, (b.clock.protocol_cpu, bound, decoding)
    b.end_test()


def test_many_short_calls_past_the_cpu_limit_end_mid_test(make_boundary: Make) -> None:
    """Calls of 5 ms of CPU each (shorter than the 20 ms slice a wait is checked in) still
    trip the CPU limit during the test, not only when it ends: the clock is read at
    least every slice of a test that keeps crossing."""
    b = make_boundary("""
        import time
        def burn(seconds):
            end = time.process_time() + seconds
            while time.process_time() < end:
                pass
    """, cpu=0.3, wall=60)
    mod = b.import_module("sub")
    b.begin_test("t")
    calls = 0
    with pytest.raises(SubmissionTimeout, match=r"the limit is 0\.3 s"):
        for _ in range(2000):  # 10 s of CPU if nothing stopped it
            mod.burn(0.005)
            calls += 1
    assert calls < 200
    assert b.end_test().timed_out is not None

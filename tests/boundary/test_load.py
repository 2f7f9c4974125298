"""The wall-clock ceiling on a busy machine: time other programs take is not the
submission's.  Each test makes its own load: three CPU burners on the CPU both
processes are pinned to, and the submission's process at nice 19, so that nearly
every crossing waits in the run queue (about 90 ms a call here)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from validators.boundary import Boundary, SubmissionTimeout

Make = Callable[..., Boundary]
Starve = Callable[[int], None]

SUB = """
import time

def ok():
    return 1

def nap(seconds):
    time.sleep(seconds)
    return "rested"
"""


@pytest.fixture
def starve() -> Iterator[Starve]:
    """``starve(pid)``: this process and ``pid`` on one CPU beside three burners, ``pid`` at nice 19."""
    burners: list[subprocess.Popen[bytes]] = []
    mine = os.sched_getaffinity(0)
    cpu = min(mine)

    def apply(pid: int) -> None:
        os.sched_setaffinity(0, {cpu})
        os.sched_setaffinity(pid, {cpu})
        os.setpriority(os.PRIO_PROCESS, pid, 19)
        code = f"import os\nos.sched_setaffinity(0, {{{cpu}}})\nwhile True:\n    pass\n"
        burners.extend(subprocess.Popen([sys.executable, "-c", code]) for _ in range(3))
        time.sleep(0.2)

    yield apply
    for burner in burners:
        burner.kill()
        burner.wait()
    os.sched_setaffinity(0, mine)


def test_quick_calls_of_a_starved_submission_are_not_blocking(make_boundary: Make, starve: Starve) -> None:
    """Without taking the run-queue delay off, this test's waits (each over the
    50 ms grace) reached the 0.5 s ceiling within ten calls: `timeout` for a
    submission that does nothing but return 1."""
    b = make_boundary(SUB, cpu=5, wall=0.5)
    mod = b.import_module("sub")
    assert b.process is not None
    starve(b.process.pid)
    b.begin_test("t")
    started = time.monotonic()
    for _ in range(40):
        assert mod.ok() == 1
    assert time.monotonic() - started > 0.5  # more wall time waiting than the ceiling
    assert b.end_test().timed_out is None


def test_a_starved_submission_that_sleeps_is_still_caught(make_boundary: Make, starve: Starve) -> None:
    """The positive control: sleeping is not waiting for a CPU, so it still counts."""
    b = make_boundary(SUB, cpu=5, wall=0.5)
    mod = b.import_module("sub")
    assert b.process is not None
    starve(b.process.pid)
    b.begin_test("t")
    with pytest.raises(SubmissionTimeout, match="blocked on the submission"):
        mod.nap(30)
    assert b.end_test().timed_out.startswith("wall:")  # type: ignore[union-attr]


def test_quick_calls_of_a_starved_tests_thread_are_not_blocking(make_boundary: Make, starve: Starve) -> None:
    """The waiting thread starved instead (a thread of the tests at nice 19 beside the
    burners, the submission at nice 0): its poll calls return long after their 20 ms
    timeout, the reply long since there.  Such a wait ended in its first poll call,
    and the first slice used to count in full: this test reached the 0.5 s ceiling
    within a few calls (`timeout` for a submission that only returns 1)."""
    b = make_boundary(SUB, cpu=5, wall=0.5)
    mod = b.import_module("sub")
    assert b.process is not None
    starve(b.process.pid)
    os.setpriority(os.PRIO_PROCESS, b.process.pid, 0)
    outcome: list[object] = []

    def calls() -> None:  # a thread of its own (pinned as its parent), so only it runs at nice 19
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        b.begin_test("t")
        started = time.monotonic()
        try:
            for _ in range(40):
                assert mod.ok() == 1
        except BaseException as exc:  # handed to the test's own thread
            outcome.append(exc)
        outcome.append(time.monotonic() - started)
        outcome.append(b.end_test().timed_out)

    worker = threading.Thread(target=calls)
    worker.start()
    worker.join()
    assert not isinstance(outcome[0], BaseException), outcome
    assert outcome[0] > 0.5, outcome  # type: ignore[operator]  # more wall time than the ceiling
    assert outcome[1] is None, outcome

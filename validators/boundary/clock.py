"""The submission's time, as the kernel counts it, and the waits that watch it.

``/proc/PID/stat`` fields 14-17 (utime, stime, cutime, cstime) are readable by any
uid that can see the process (no ptrace access needed: the kernel hides only the
stack and wait-channel fields from other uids), so the tests' uid can read the
submission's CPU time.  A ``hidepid`` mount of /proc would hide it.

The wall-clock ceiling is for code that sleeps or blocks, so a wait on the submission
counts only what the machine did not take away.  Two measures, each taking off only
time that surely was not the submission's:
- a poll call counts at most its own timeout (POLL_SLICE): past it, the waiting thread
  was ready to run but had no CPU, or waited for its own process's GIL (seen here
  with two CPU burners beside the suite: single poll calls of 20 ms that returned
  after 10 s, and threads of the tests that all returned together after 13 s);
- the time one thread (of the submission's, or the waiting one) spent runnable but
  not running (the kernel's run-queue delay, ``/proc/PID/task/TID/schedstat`` field
  2, world-readable like ``stat``) is the load of other programs.
On a busy machine a test of 45,000 quick calls otherwise piled up seconds of such
waits and ended as ``timeout``.
"""

from __future__ import annotations

import os
import select
import socket
import threading
import time
from collections.abc import Callable

from validators.boundary.faults import SubmissionTimeout
from validators.boundary.limits import POLL_SLICE, SERVER_SHARE_OF_PROTOCOL_CPU, WAIT_GRACE, wall_ceiling

__all__ = ["Clock", "process_cpu"]

_TICK = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float | None:
    """CPU seconds of ``pid`` and its waited-for children; None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            text = fh.read()
    except OSError:
        return None
    fields = text.rsplit(b")", 1)[1].split()
    return sum(int(n) for n in fields[11:15]) / _TICK


def _queued(path: str) -> float:
    """Run-queue delay (s) of the thread whose schedstat is at ``path``; 0 if unknown."""
    try:
        with open(path, "rb") as fh:
            return int(fh.read().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


class Clock:
    """One test's account: the submission's CPU since the test began (less the
    crossings' share) against the limit, and each thread's time blocked on it
    (waits longer than WAIT_GRACE) against the wall-clock ceiling.  ``kill`` ends the process on excess."""

    def __init__(self, cpu_limit: float, kill: Callable[[int], None]) -> None:
        self.cpu_limit = cpu_limit
        self.wall_limit = wall_ceiling(cpu_limit)
        self.kill = kill
        self.pid = 0
        self.cpu_start = 0.0
        self.crossings = 0
        self.protocol_cpu = 0.0
        self.epoch = 0
        self.last_check = 0.0
        self.tripped: str | None = None
        self.local = threading.local()

    def start(self, pid: int) -> None:
        self.pid = pid
        self.cpu_start = process_cpu(pid) or 0.0
        self.crossings = 0
        self.protocol_cpu = 0.0
        self.epoch += 1
        self.tripped = None
        self.last_check = time.monotonic()

    def used(self) -> float:
        now = process_cpu(self.pid)
        if now is None:
            return 0.0
        forgiven = self.protocol_cpu * SERVER_SHARE_OF_PROTOCOL_CPU
        return max(0.0, now - self.cpu_start - forgiven)

    def spent(self, seconds: float) -> None:
        """The tests side spent ``seconds`` of its own CPU on a crossing's protocol."""
        self.protocol_cpu += seconds

    def blocked(self) -> float:
        if getattr(self.local, "epoch", None) != self.epoch:
            self.local.epoch, self.local.blocked = self.epoch, 0.0
        return float(self.local.blocked)

    def queued(self) -> dict[str, float]:
        """Run-queue delay so far of each of the submission's threads and of this thread."""
        task = f"/proc/{self.pid}/task"
        try:
            tids = os.listdir(task)
        except OSError:
            tids = []
        delays = {tid: _queued(f"{task}/{tid}/schedstat") for tid in tids}
        delays["tests"] = _queued("/proc/thread-self/schedstat")
        return delays

    def wait(self, sock: socket.socket, event: int) -> None:
        """Block until ``sock`` is ready, checking the limits between short slices.

        Each poll call counts at most its slice: a call that returned later than its
        timeout kept this thread from running (no CPU, or this process's GIL), which
        the submission did not do.  A wait past its first slice also reads the
        run-queue delays then and at the end, and counts only the rest (see the
        module's docstring).  What is left counts toward the ceiling only past
        WAIT_GRACE.  So a quick crossing costs no read at all, and a wait that ends in
        its first poll call never counts."""
        began = mark = time.monotonic()
        poller = select.poll()
        poller.register(sock.fileno(), event | select.POLLHUP | select.POLLERR)
        sliced = 0.0
        since: dict[str, float] | None = None
        try:
            while not poller.poll(POLL_SLICE * 1000):
                now = time.monotonic()
                sliced, mark = sliced + min(now - mark, POLL_SLICE), now
                if since is None:
                    since = self.queued()
                self.check(self._blocked_for(now - began, sliced, since))
            now = time.monotonic()
            sliced += min(now - mark, POLL_SLICE)
            if now - self.last_check > POLL_SLICE:
                self.check(self._blocked_for(now - began, sliced, since))
        finally:
            waited = time.monotonic() - began
            charged = self._blocked_for(waited, sliced, since) if waited > WAIT_GRACE else 0.0
            if charged > WAIT_GRACE:
                self.local.blocked = self.blocked() + charged

    def _blocked_for(self, waited: float, sliced: float, since: dict[str, float] | None) -> float:
        """The part of a wait the submission is charged for: at most ``sliced`` (each
        poll call's slice, see ``wait``) and at most ``waited`` less the largest
        run-queue delay of one thread since ``since``: the submission's threads and
        this one may wait in the queue at the same time, so never their sum; what is
        taken off is time the machine surely took, never a sleep of the submission."""
        if since is None:
            return sliced
        now = self.queued()
        taken = max([0.0] + [delay - since.get(tid, 0.0) for tid, delay in now.items()])
        return min(sliced, max(0.0, waited - taken))

    def check(self, waiting: float = 0.0) -> None:
        """Raise SubmissionTimeout (after killing the process) past either limit."""
        self.last_check = time.monotonic()
        cpu = self.used()
        if cpu > self.cpu_limit:
            self.trip(self.cpu_message(cpu))
        blocked = self.blocked() + waiting
        if blocked > self.wall_limit:
            self.trip(f"wall: the tests were blocked on the submission for {blocked:.1f} s of "
                      f"wall-clock time, the ceiling is {self.wall_limit:g} s")

    def cpu_message(self, cpu: float) -> str:
        return f"cpu: the submission used {cpu:.2f} s of CPU, the limit is {self.cpu_limit:g} s"

    def trip(self, message: str) -> None:
        self.tripped = self.tripped or message
        try:
            self.kill(self.pid)
        except ProcessLookupError:
            pass
        raise SubmissionTimeout(self.tripped)

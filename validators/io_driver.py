"""Run a submission once per input file and record what it printed.

Expected answers never enter this container: the driver only sees ``.in``
files.  The comparison happens outside, on the host (built-in checkers) or in
a sandbox of its own (an author's checker program).

Inside a grading container the driver is the tests process (uid A) and every run
of the submission is started by the supervisor under uid B: the submission cannot
read the driver's memory or the nonce, signal it, or write the results folder.
Elsewhere (the local backend) the runs are plain child processes.

Time: the limit counts the CPU time the kernel charges the run (wait4 rusage, and
``/proc/PID/stat`` while it runs); a wall-clock ceiling of 3x the limit plus 1 s
ends a run that sleeps or blocks.  stdout and stderr are drained while it runs,
each with its own cap, so a chatty stderr never stalls a correct solution.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from validators import control, wall_ceiling
from validators.cgroup import oom_kills
from validators.control import Exit
from validators.results import ResultsWriter, truncate

__all__ = ["run_io"]

CLEAN_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"}
STDERR_KEEP = 64 * 1024  # bytes of stderr kept for the report; the rest is read and dropped
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
POLL = 0.005  # seconds between looks at a run's CPU time and exit


class _Launcher(Protocol):
    def start(self, argv: list[str], cwd: str, stdio: tuple[int, int, int], cpu: float) -> int: ...
    def kill(self, pid: int) -> None: ...
    def poll(self, pid: int) -> Exit | None: ...
    def sweep(self) -> None: ...


class _Supervised:
    """Runs as uid B through the supervisor (a grading container)."""

    def __init__(self, channel: control.Control) -> None:
        self.channel = channel

    def start(self, argv: list[str], cwd: str, stdio: tuple[int, int, int], cpu: float) -> int:
        return self.channel.run(argv, cwd, stdio, cpu)

    def kill(self, pid: int) -> None:
        self.channel.kill(pid, signal.SIGKILL)

    def poll(self, pid: int) -> Exit | None:
        return self.channel.poll(pid)

    def sweep(self) -> None:
        self.channel.sweep()


class _Children:
    """Plain child processes in a session of their own (the local backend)."""

    def __init__(self) -> None:
        self.ended: dict[int, Exit] = {}

    def start(self, argv: list[str], cwd: str, stdio: tuple[int, int, int], cpu: float) -> int:
        proc = subprocess.Popen(argv, cwd=cwd, stdin=stdio[0], stdout=stdio[1], stderr=stdio[2],
                                env=CLEAN_ENV, start_new_session=True)
        proc.returncode = 0  # reaped below with wait4 (for its rusage), not by Popen
        return proc.pid

    def kill(self, pid: int) -> None:
        for send in (os.killpg, os.kill):
            try:
                send(pid, signal.SIGKILL)
            except OSError:
                pass

    def poll(self, pid: int) -> Exit | None:
        if pid not in self.ended:
            got, status, usage = os.wait4(pid, os.WNOHANG)
            if got == 0:
                return None
            self.ended[pid] = Exit(os.waitstatus_to_exitcode(status),
                                   usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
        return self.ended[pid]

    def sweep(self) -> None:
        return None


def _cpu_of(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


@dataclass
class _Drain:
    """What a run printed so far, capped per stream."""

    out: bytearray
    err: bytearray
    out_total: int = 0
    err_total: int = 0

    def take(self, which: str, chunk: bytes, out_cap: int) -> None:
        if which == "out":
            self.out_total += len(chunk)
            self.out += chunk[: max(0, out_cap - len(self.out))]
        else:
            self.err_total += len(chunk)
            self.err += chunk[: max(0, STDERR_KEEP - len(self.err))]


def _read_ready(selector: selectors.BaseSelector, drain: _Drain, cap: int, wait: float) -> None:
    for key, _events in selector.select(wait):
        chunk = os.read(key.fd, 65536)
        if chunk:
            drain.take(str(key.data), chunk, cap)
        else:
            selector.unregister(key.fd)
            os.close(key.fd)


def _stop_reason(drain: _Drain, args: Any, pid: int, started: float) -> str:
    if drain.out_total > args.output_limit or drain.err_total > args.output_limit:
        return "output_limit"
    if _cpu_of(pid) > args.time_limit:
        return "cpu"
    if time.monotonic() - started > wall_ceiling(args.time_limit):
        return "wall"
    return ""


def _watch(launcher: _Launcher, pid: int, fds: tuple[int, int], args: Any
           ) -> tuple[_Drain, str, Exit]:
    """Drain both pipes while the run lives; stop it at a cap or a limit."""
    selector = selectors.DefaultSelector()
    selector.register(fds[0], selectors.EVENT_READ, "out")
    selector.register(fds[1], selectors.EVENT_READ, "err")
    drain, stop, started = _Drain(bytearray(), bytearray()), "", time.monotonic()
    ended = None
    while ended is None:
        _read_ready(selector, drain, args.output_limit, POLL)
        stop = stop or _stop_reason(drain, args, pid, started)
        if stop:
            launcher.kill(pid)
        ended = launcher.poll(pid)
    launcher.kill(pid)  # its group: whatever it started must not hold the pipes open
    launcher.sweep()
    grace = time.monotonic() + 2.0  # a process that left its group may still hold a pipe
    while selector.get_map() and time.monotonic() < grace:
        _read_ready(selector, drain, args.output_limit, 0.1)
    for key in list(selector.get_map().values()):
        os.close(key.fd)
    selector.close()
    return drain, stop, ended


def _start(launcher: _Launcher, args: Any, case: Path) -> tuple[int, tuple[int, int]]:
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    stdin = os.open(case, os.O_RDONLY)
    argv = [sys.executable, "-E", "-s", args.entry]
    try:
        pid = launcher.start(argv, args.submission, (stdin, out_w, err_w), args.time_limit)
    finally:
        for fd in (stdin, out_w, err_w):
            os.close(fd)
    return pid, (out_r, err_r)


def _verdict(stop: str, ended: Exit, oomed: bool, args: Any) -> tuple[str, str]:
    limit = f"{args.time_limit:g} s"
    if oomed:
        return "memory", "killed by the memory limit"
    if stop == "output_limit":
        return "output_limit", f"printed more than {args.output_limit} bytes"
    if stop == "cpu" or ended.cpu > args.time_limit:
        return "timeout", f"used more than its CPU time limit of {limit} ({ended.cpu:.2f} s)"
    if stop == "wall":
        return "timeout", (f"ran past its wall-clock ceiling of {wall_ceiling(args.time_limit):g} s"
                           f" having used {ended.cpu:.2f} s of its {limit} CPU limit (sleeping, "
                           "blocked, or starved of CPU)")
    if ended.status != 0:
        return "error", f"exited with code {ended.status}"
    return "passed", ""


def _run_case(launcher: _Launcher, args: Any, case: Path) -> dict[str, Any]:
    case_id = str(case.relative_to(args.suite).with_suffix(""))
    before = oom_kills()
    started = time.perf_counter()
    pid, fds = _start(launcher, args, case)
    drain, stop, ended = _watch(launcher, pid, fds, args)
    verdict, message = _verdict(stop, ended, oom_kills() > before, args)
    return {
        "id": case_id, "level": case_id.split("/", 1)[0], "verdict": verdict,
        "duration": round(time.perf_counter() - started, 6), "cpu": round(ended.cpu, 6),
        "message": message,
        "output": truncate(bytes(drain.err).decode("utf-8", "replace"), args.capture_chars),
        "stdout": bytes(drain.out).decode("utf-8", "replace"),
    }


def run_io(args: Any) -> int:
    """Run every case under ``args.suite``; always returns 0."""
    writer = ResultsWriter(path=args.out, nonce=args.nonce, mode="io")
    channel = control.CHANNEL
    launcher: _Launcher = _Supervised(channel) if channel is not None else _Children()
    cases = sorted(Path(args.suite).rglob("*.in"))
    writer.collected = [str(c.relative_to(args.suite).with_suffix("")) for c in cases]
    for case in cases:
        writer.start(str(case.relative_to(args.suite).with_suffix("")))
        writer.add(_run_case(launcher, args, case))
    writer.flush(status="complete")
    return 0

"""The trusted supervisor of a grading container (stdlib only).

The docker exec starts it as in-container root holding CAP_SETUID, CAP_SETGID and
CAP_KILL and nothing else (no-new-privileges).  It runs no submission code and never
puts the submission tree on its ``sys.path``.  It

- forks the tests process (pytest, the tests, the reporter; or the io driver) and
  drops it to uid A, whose private space (``/job/private``: the suite, its tmp) and
  results folder (``/out``) uid B can neither list nor write;
- on request over a control socket, starts submission processes under uid B
  (a proxy server for pytest's process mode, one run per io case) and hands the
  tests process their connected socket (``socket.send_fds``, SCM_RIGHTS);
- signals, polls and reaps them for the tests process, which cannot (another uid);
- keeps the tests process and the submission's server on one CPU, the least busy one
  when the run starts, so a crossing never waits for a wake-up on another CPU;
- watches every test from outside: a test that runs past its wall ceiling, or (in
  inprocess mode, where uid A runs the submission) past its CPU limit, gets the
  tests process killed; the remaining tests run in a fresh one (issue 11, item 8).

The nonce arrives in this process's environment (root's ``/proc/PID/environ`` is
unreadable to uid B), never in an argv (world-readable in ``/proc/PID/cmdline``).
"""

from __future__ import annotations

import json
import os
import random
import resource
import selectors
import signal
import socket
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from validators.control import MESSAGE_CAP

__all__ = ["AHEAD", "Ahead", "Uids", "pick_cpu", "prespawn", "run_supervisor", "server_argv"]

NONCE_ENV = "HARNESS_NONCE"
SUBMISSION_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8",
                  "PYTHONDONTWRITEBYTECODE": "1", "OPENBLAS_NUM_THREADS": "1",
                  "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
BOOT = "import sys; sys.path.insert(0, '/opt/harness'); from validators.__main__ import main; main()"
SERVER_FD = 3  # where a submission server finds its end of the socket
WATCH_MARGIN = 0.5  # seconds past a test's own limits before the outside watchdog acts
TICK = 0.05  # seconds between the watchdog's looks
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CPU_SAMPLE = 0.01  # seconds of /proc/stat sampling when choosing the run's CPU
CPU_TIE = 0.25  # CPUs this close (busy fraction) to the least busy are as good


@dataclass(frozen=True)
class Uids:
    """The two unprivileged uids of a container: the tests' and the submission's."""

    tests: int
    submission: int


def drop_to(uid: int) -> None:
    """Become ``uid`` for good: no supplementary groups, every id set, no capability
    left (the kernel clears them when root's uids all change)."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


def _busy_times() -> dict[int, tuple[int, int]]:
    """(busy, total) clock ticks per CPU since boot, from /proc/stat."""
    times = {}
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            for line in fh:
                name, *values = line.split()
                if name.startswith("cpu") and name[3:].isdigit():
                    ticks = [int(v) for v in values[:8]]
                    idle = ticks[3] + ticks[4]  # idle + iowait
                    times[int(name[3:])] = (sum(ticks) - idle, sum(ticks))
    except (OSError, ValueError, IndexError):
        return {}
    return times


def pick_cpu() -> int:
    """The allowed CPU that was least busy over a short sample; -1 when it cannot tell.

    Both processes of a run go there (``pin``): a crossing wakes the other process,
    and a wake-up on another CPU costs about three times one on the same CPU."""
    try:
        allowed = sorted(os.sched_getaffinity(0))
    except OSError:
        return -1
    if len(allowed) < 2:
        return -1
    before = _busy_times()
    time.sleep(CPU_SAMPLE)
    after = _busy_times()

    def busy(cpu: int) -> float:
        (b0, t0), (b1, t1) = before.get(cpu, (0, 0)), after.get(cpu, (0, 0))
        return (b1 - b0) / (t1 - t0) if t1 > t0 else 1.0

    # Runs that start together (a grade pool's first jobs) see the same sample: pick at
    # random among the nearly least busy, so they do not all crowd onto one CPU.
    least = min(busy(cpu) for cpu in allowed)
    return random.choice([cpu for cpu in allowed if busy(cpu) <= least + CPU_TIE])  # noqa: S311 - not a secret


def pin(cpu: int) -> None:
    """Keep this process (and every thread it starts later) on ``cpu``."""
    if cpu >= 0:
        try:
            os.sched_setaffinity(0, {cpu})
        except OSError:
            pass  # a CPU the container may not use: run unpinned


def _exec_as(uid: int, argv: list[str], cwd: str, fds: dict[int, int], cpu: float,
             on_cpu: int = -1) -> None:
    """In a forked child: wire ``fds``, become ``uid``, exec ``argv``.  Never returns."""
    try:
        pin(on_cpu)  # before the drop: afterwards the supervisor could not
        os.setsid()  # its own group: a kill of the group ends what it started
        for target, fd in fds.items():
            os.dup2(fd, target)
        os.closerange(max(fds, default=2) + 1, 1 << 16)
        if cpu > 0:  # a backstop only: the verdict counts rusage
            hard = int(cpu * 3) + 2
            resource.setrlimit(resource.RLIMIT_CPU, (hard, hard + 1))
        drop_to(uid)
        os.chdir(cwd)
        os.execve(argv[0], argv, SUBMISSION_ENV)  # noqa: S606 - argv chosen by the tests process, no shell
    finally:
        os._exit(127)


def _uid_pids(uid: int) -> set[int]:
    """The live processes of ``uid``; zombies are left out (they run nothing, and a
    signal cannot end them: only their parent's wait does)."""
    pids = set()
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/status", encoding="ascii", errors="replace") as fh:
                    fields = dict(line.split(":", 1) for line in fh if line.startswith(("State:", "Uid:")))
            except (OSError, ValueError):
                continue
            if "Uid" in fields and int(fields["Uid"].split()[0]) == uid and \
                    not fields.get("State", "").strip().startswith("Z"):
                pids.add(int(name))
    return pids


def sweep_uid(uid: int) -> None:
    """End every process of ``uid``: stop them first (a stopped process cannot fork),
    sweeping until nothing new appears, then kill."""
    stopped: set[int] = set()
    for _ in range(200):
        fresh = _uid_pids(uid) - stopped
        if not fresh:
            break
        _signal_all(fresh, signal.SIGSTOP)
        stopped |= fresh
    for _ in range(20):
        left = _uid_pids(uid)
        if not left:
            return
        _signal_all(left, signal.SIGKILL)
        time.sleep(0.005)


def _signal_all(pids: set[int], sig: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except OSError:
            pass


def _cpu_of(pid: int) -> float:
    """User + system seconds of a live process (threads included), from /proc."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


@dataclass
class _Test:
    """The test the tests process said is running, and what it may use."""

    nodeid: str
    cpu_limit: float
    wall_limit: float
    started: float
    cpu_at_start: float


def server_argv(submission: str, preload: tuple[str, ...] = ()) -> list[str]:
    """The command line of a submission server (it finds its socket at SERVER_FD)."""
    argv = [sys.executable, "-I", "-c", BOOT, "serve", "--fd", str(SERVER_FD),
            "--submission", submission]
    for name in preload:
        argv += ["--preload", name]
    return argv


def _start_server(uid: int, argv: list[str], cpu: int) -> tuple[int, socket.socket]:
    """Fork a submission server as ``uid``; (its pid, our end of its socket)."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    devnull = os.open(os.devnull, os.O_RDONLY)
    try:
        pid = os.fork()
        if pid == 0:
            _exec_as(uid, argv, "/tmp", {0: devnull, 1: 1, 2: 2, SERVER_FD: theirs.fileno()}, 0, cpu)
    finally:
        os.close(devnull)
        theirs.close()
    return pid, ours


@dataclass(frozen=True)
class Ahead:
    """A submission server started before the job arrived (by the zygote of a ready
    container): already past Python's start-up and the preloaded imports, waiting for
    its first channel, with nothing of the submission loaded (it is not there yet)."""

    pid: int
    sock: socket.socket
    submission: str
    cpu: int


AHEAD: list[Ahead] = []  # at most one: filled by ``prespawn``, taken by the first spawn


def prespawn(uid: int, submission: str, preload: tuple[str, ...]) -> None:
    """Start the run's first submission server now, on the CPU the run will use."""
    cpu = pick_cpu()
    pid, sock = _start_server(uid, server_argv(submission, preload), cpu)
    AHEAD.append(Ahead(pid, sock, submission, cpu))


@dataclass
class _State:
    """What the supervisor knows: its children, how they ended, the running test."""

    uids: Uids
    submission: str
    inprocess: bool
    cpu: int = -1  # the run's CPU (tests process and submission servers), -1: unpinned
    tests_pid: int = 0
    tests_status: int | None = None
    spawned: set[int] = field(default_factory=set)
    ended: dict[int, tuple[int, float, int]] = field(default_factory=dict)
    test: _Test | None = None
    timed_out: list[tuple[str, str]] = field(default_factory=list)

    def reap(self) -> None:
        while True:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            code = os.waitstatus_to_exitcode(status)
            if pid == self.tests_pid:
                self.tests_status = code
            elif pid in self.spawned:
                cpu = usage.ru_utime + usage.ru_stime
                self.ended[pid] = (code, cpu, usage.ru_maxrss)


class _Handler:
    """One control request from the tests process: one reply, fds attached if any."""

    def __init__(self, state: _State) -> None:
        self.state = state
        self.ops: dict[str, Callable[[dict[str, Any], list[int]], tuple[dict[str, Any], list[int]]]] = {
            "spawn": self.spawn, "run": self.run, "kill": self.kill, "poll": self.poll,
            "sweep": self.sweep, "test": self.test, "idle": self.idle,
        }

    def handle(self, sock: socket.socket) -> bool:
        """Answer one request; False when the tests process closed its end."""
        try:
            raw, fds, _flags, _addr = socket.recv_fds(sock, MESSAGE_CAP, 4)
        except OSError:
            return False
        if not raw:
            return False
        try:
            request = json.loads(raw)
            reply, out = self.ops[str(request["op"])](request, list(fds))
        except (KeyError, TypeError, ValueError, OSError) as exc:
            reply, out = {"error": f"{type(exc).__name__}: {exc}"}, []
        finally:
            for fd in fds:
                os.close(fd)
        data = json.dumps(reply).encode()
        try:
            socket.send_fds(sock, [data], out) if out else sock.sendall(data)
        except OSError:
            return False
        finally:
            for fd in out:
                os.close(fd)
        return True

    def _fork_b(self, argv: list[str], cwd: str, fds: dict[int, int], cpu: float) -> int:
        pid = os.fork()
        if pid == 0:
            _exec_as(self.state.uids.submission, argv, cwd, fds, cpu, self.state.cpu)
        self._track(pid)
        return pid

    def _track(self, pid: int) -> None:
        self.state.spawned.add(pid)
        self.state.ended.pop(pid, None)  # a recycled pid: this is a new, live process

    def spawn(self, _req: dict[str, Any], _fds: list[int]) -> tuple[dict[str, Any], list[int]]:
        ahead = _take_ahead(self.state)
        if ahead is not None:
            return {"pid": ahead.pid}, [ahead.sock.detach()]
        pid, ours = _start_server(self.state.uids.submission, server_argv(self.state.submission),
                                  self.state.cpu)
        self._track(pid)
        return {"pid": pid}, [ours.detach()]

    def run(self, req: dict[str, Any], fds: list[int]) -> tuple[dict[str, Any], list[int]]:
        if len(fds) != 3:
            raise ValueError("run takes exactly three fds: stdin, stdout, stderr")
        argv = [str(a) for a in req["argv"]]
        pid = self._fork_b(argv, str(req["cwd"]), dict(enumerate(fds)), float(req["cpu"]))
        return {"pid": pid}, []

    def _ours(self, pid: int) -> bool:
        return pid in self.state.spawned and pid not in self.state.ended

    def kill(self, req: dict[str, Any], _fds: list[int]) -> tuple[dict[str, Any], list[int]]:
        pid, sig = int(req["pid"]), int(req["sig"])
        if self._ours(pid):  # never the tests process, never a reaped (reusable) pid
            for send in (os.killpg, os.kill):
                try:
                    send(pid, sig)
                except OSError:
                    pass
        return {"ok": True}, []

    def poll(self, req: dict[str, Any], _fds: list[int]) -> tuple[dict[str, Any], list[int]]:
        self.state.reap()
        pid = int(req["pid"])
        if pid not in self.state.ended:
            return {"running": pid in self.state.spawned}, []
        status, cpu, maxrss = self.state.ended[pid]
        return {"running": False, "status": status, "cpu": cpu, "maxrss": maxrss}, []

    def sweep(self, _req: dict[str, Any], _fds: list[int]) -> tuple[dict[str, Any], list[int]]:
        sweep_uid(self.state.uids.submission)
        self.state.reap()
        return {"ok": True}, []

    def test(self, req: dict[str, Any], _fds: list[int]) -> tuple[dict[str, Any], list[int]]:
        self.state.test = _Test(str(req["id"]), float(req["cpu"]), float(req["wall"]),
                                time.monotonic(), _cpu_of(self.state.tests_pid))
        return {"ok": True}, []

    def idle(self, _req: dict[str, Any], _fds: list[int]) -> tuple[dict[str, Any], list[int]]:
        self.state.test = None
        return {"ok": True}, []


def _take_ahead(state: _State) -> Ahead | None:
    """The server started ahead, if it serves this run and is still alive."""
    if not AHEAD:
        return None
    ahead = AHEAD.pop()
    state.reap()
    if ahead.submission == state.submission and not state.inprocess and ahead.pid not in state.ended:
        return ahead
    _drop_ahead(ahead)
    return None


def _drop_ahead(ahead: Ahead) -> None:
    ahead.sock.close()  # it sees EOF and returns; the final sweep ends it otherwise
    try:
        os.kill(ahead.pid, signal.SIGKILL)
    except OSError:
        pass


def _overran(state: _State) -> str:
    """Why the running test must be ended from outside, or ""."""
    test = state.test
    if test is None:
        return ""
    if time.monotonic() - test.started > test.wall_limit + WATCH_MARGIN:
        return (f"the test ran past its wall-clock ceiling of {test.wall_limit:g} s and was "
                "killed from outside the test process")
    used = _cpu_of(state.tests_pid) - test.cpu_at_start
    if state.inprocess and used > test.cpu_limit + WATCH_MARGIN:
        return (f"the test used more than its CPU time limit of {test.cpu_limit:g} s and was "
                "killed from outside the test process")
    return ""


TestsMain = Callable[[socket.socket, list[tuple[str, str]]], int]


def _start_tests(state: _State, tests_main: TestsMain) -> socket.socket:
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    pid = os.fork()
    if pid == 0:
        ours.close()
        code = 3
        try:
            pin(state.cpu)
            drop_to(state.uids.tests)
            code = tests_main(theirs, list(state.timed_out))
        except BaseException:  # noqa: BLE001 - said on the exec's output; no results follow
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            os._exit(code)
    theirs.close()
    state.tests_pid, state.tests_status, state.test = pid, None, None
    return ours


def _serve(state: _State, sock: socket.socket, wake: int) -> None:
    """Answer requests and watch the running test until the tests process ends."""
    handler = _Handler(state)
    selector = selectors.DefaultSelector()
    selector.register(sock, selectors.EVENT_READ)
    selector.register(wake, selectors.EVENT_READ)
    while state.tests_status is None:
        for key, _events in selector.select(TICK):
            if key.fileobj is sock and not handler.handle(sock):
                selector.unregister(sock)
            elif key.fileobj == wake:
                os.read(wake, 4096)
        state.reap()
        reason = _overran(state) if state.tests_status is None else ""
        if reason and state.test is not None:
            state.timed_out.append((state.test.nodeid, reason))
            state.test = None
            sweep_uid(state.uids.tests)
    selector.close()
    sock.close()


def run_supervisor(uids: Uids, submission: str, inprocess: bool, tests_main: TestsMain) -> int:
    """Run the tests process (again after the watchdog ended one) and serve it; always
    ends every process of both uids before returning."""
    os.environ.pop(NONCE_ENV, None)  # nothing started from here inherits it
    wake_r, wake_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    state = _State(uids, submission, inprocess)
    # Pinning pays for crossings; an inprocess run has none, and pinned it could share
    # one CPU with the scored run a validation starts beside it (the candidate's own
    # tests) while the other CPU idles: it stays where the scheduler puts it.
    state.cpu = -1 if inprocess else AHEAD[0].cpu if AHEAD else pick_cpu()
    state.spawned.update(ahead.pid for ahead in AHEAD)  # reaped, killed and swept as its own
    try:
        while True:
            overruns = len(state.timed_out)
            _serve(state, _start_tests(state, tests_main), wake_r)
            if len(state.timed_out) == overruns:  # ended on its own: the run is over
                break
    finally:
        while AHEAD:  # never asked for (io mode, inprocess, a run that spawned nothing)
            _drop_ahead(AHEAD.pop())
        sweep_uid(uids.submission)
        sweep_uid(uids.tests)
        state.reap()
    return 0

"""A resident helper that keeps `harness validate` warm between commands.

Python start-up and the imports of click, docker-py, pydantic and jsonschema cost
the CLI more than a whole small pytest run.  After the first validation of a
session this process stays behind, listening on ``HARNESS_HOME/agent/agent.sock``
(0600 in a 0700 folder, so only you can talk to it), with those modules loaded.

It is a fork server, in one thread: it accepts, reads one request (within a read
timeout and a size cap; see agent_protocol.py: `validate` only, for this home
only), and forks a child for it.  The child alone takes the client's working
folder, environment and streams (agent_child.py), runs the validation and exits
with its exit code; the agent reaps it and sends that code back.  A client that
goes away (Ctrl-C) gets its run interrupted: SIGINT, then SIGKILL after GRACE.
Anything amiss (no agent, an agent from older code, a refused request) and the
CLI does the work itself, so correctness never depends on the agent.  It exits
after a while with nothing to do, and `HARNESS_NO_AGENT=1` turns it off.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from harness.agent_protocol import (
    CONTEXT_ENV,
    FDS,
    GRACE,
    MAX_LINE,
    READ_TIMEOUT,
    BadRequest,
    Reply,
    Request,
    code_stamp,
    encode,
    parse_request,
    socket_path,
)

__all__ = ["serve"]

IDLE_SECONDS = 20 * 60
CONNECTIONS = 16  # connections open at once; more are closed at once (the CLI then works alone)
TICK = 1.0  # seconds between looks at deadlines when nothing happens


@dataclass
class _Pending:
    """A connection whose request is still arriving."""

    conn: socket.socket
    deadline: float
    data: bytearray = field(default_factory=bytearray)
    fds: list[int] = field(default_factory=list)


@dataclass
class _Job:
    """A request being run by a child; its client waits for the exit code."""

    pid: int
    conn: socket.socket
    interrupted: float | None = None  # when the client went away and the child got SIGINT


def _context() -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, os.environ[k]) for k in CONTEXT_ENV if k in os.environ))


def _close_fds(fds: list[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)
    fds.clear()


def _send(conn: socket.socket, reply: Reply) -> None:
    """A reply is a few hundred bytes into an empty socket buffer: it never blocks."""
    with contextlib.suppress(OSError):
        conn.send(encode(reply))
    conn.close()


class _Agent:
    def __init__(self, server: socket.socket, path: Path, home: str) -> None:
        self.server, self.path, self.home = server, path, home
        self.stamp = code_stamp()
        self.context = _context()
        self.env = dict(os.environ)  # the base of every child's environment
        self.selector = selectors.DefaultSelector()
        self.wake_r, self.wake_w = socket.socketpair()
        self.pending: dict[socket.socket, _Pending] = {}
        self.jobs: dict[int, _Job] = {}
        self.stopping = False
        self.terminated = False  # SIGTERM came: acted on in the loop, never inside the handler
        self.last = time.monotonic()

    # --- the loop -------------------------------------------------------------------

    def run(self) -> None:
        for sock in (self.wake_r, self.wake_w):
            sock.setblocking(False)
        signal.set_wakeup_fd(self.wake_w.fileno(), warn_on_full_buffer=False)
        signal.signal(signal.SIGCHLD, lambda *_: None)  # wakes the loop to reap
        signal.signal(signal.SIGTERM, lambda *_: setattr(self, "terminated", True))
        self.selector.register(self.server, selectors.EVENT_READ, self.accept)
        self.selector.register(self.wake_r, selectors.EVENT_READ, self.drain)
        while self.jobs or self.pending or not (self.stopping or self.idle()):
            for key, _ in self.selector.select(self.timeout()):
                handler: Callable[[socket.socket], None] = key.data
                handler(key.fileobj)  # type: ignore[arg-type]
            if self.terminated:
                self.terminate()
            self.expire()
            self.reap()
        self.selector.close()

    def timeout(self) -> float:
        now = time.monotonic()
        deadlines = [p.deadline for p in self.pending.values()]
        deadlines += [j.interrupted + GRACE for j in self.jobs.values() if j.interrupted]
        return max(0.05, min([now + TICK, *deadlines]) - now)  # a SIGKILLed child: no spin

    def idle(self) -> bool:
        return time.monotonic() - self.last > IDLE_SECONDS

    def stop(self) -> None:
        """No more requests (newer code, or SIGTERM): runs under way are interrupted
        when SIGTERM asked it, and their clients still get their exit codes."""
        if not self.stopping:
            self.stopping = True
            self.selector.unregister(self.server)
            with contextlib.suppress(OSError):
                self.path.unlink()  # ours: a socket file in place makes every other bind fail
            self.server.close()
            for pending in list(self.pending.values()):
                self.drop(pending)

    def terminate(self) -> None:
        self.stop()
        for job in self.jobs.values():
            self.interrupt(job)

    # --- connections ----------------------------------------------------------------

    def accept(self, server: socket.socket) -> None:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        self.last = time.monotonic()
        if len(self.pending) + len(self.jobs) >= CONNECTIONS:
            conn.close()  # too many at once: that client does its own work
            return
        conn.setblocking(False)
        self.pending[conn] = _Pending(conn, time.monotonic() + READ_TIMEOUT)
        self.selector.register(conn, selectors.EVENT_READ, self.receive)

    def receive(self, conn: socket.socket) -> None:
        pending = self.pending[conn]
        try:
            data, fds, flags, _ = socket.recv_fds(conn, MAX_LINE + 1 - len(pending.data), FDS)
        except BlockingIOError:
            return
        except OSError:
            self.drop(pending)
            return
        pending.fds += fds
        pending.data += data
        if flags & socket.MSG_CTRUNC or len(pending.fds) > FDS:
            self.refuse(pending, f"a request carries {FDS} file descriptors, no more")
        elif b"\n" in pending.data:
            self.answer(pending, bytes(pending.data[: pending.data.index(b"\n")]))
        elif len(pending.data) > MAX_LINE:
            self.refuse(pending, f"the request is longer than {MAX_LINE} bytes")
        elif not data:
            self.drop(pending)  # gone before it finished its request

    def forget(self, pending: _Pending) -> socket.socket:
        del self.pending[pending.conn]
        self.selector.unregister(pending.conn)
        return pending.conn

    def drop(self, pending: _Pending) -> None:
        _close_fds(pending.fds)
        self.forget(pending).close()

    def refuse(self, pending: _Pending, why: str) -> None:
        _close_fds(pending.fds)
        _send(self.forget(pending), Reply(refused=why))

    def expire(self) -> None:
        now = time.monotonic()
        for pending in [p for p in self.pending.values() if p.deadline <= now]:
            self.drop(pending)  # silent or too slow: it must not hold a slot for long
        for job in self.jobs.values():
            if job.interrupted and now - job.interrupted > GRACE:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(job.pid, signal.SIGKILL)

    def drain(self, wake: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while wake.recv(512):
                pass

    # --- requests and their children ------------------------------------------------

    def answer(self, pending: _Pending, line: bytes) -> None:
        try:
            request = parse_request(line, len(pending.fds))
        except BadRequest as exc:
            self.refuse(pending, str(exc))
            return
        if request.stamp != self.stamp or code_stamp() != self.stamp:
            self.refuse_stale(pending)
        elif request.home != self.home:
            self.refuse(pending, "this agent serves another HARNESS_HOME")
        elif request.context != self.context:
            self.refuse(pending, f"this agent runs with other {', '.join(CONTEXT_ENV)}")
        else:
            self.start(pending, request)

    def refuse_stale(self, pending: _Pending) -> None:
        _close_fds(pending.fds)
        conn = self.forget(pending)
        self.stop()  # the socket goes first: the client's next agent can bind at once
        _send(conn, Reply(stale=True))

    def start(self, pending: _Pending, request: Request) -> None:
        conn = self.forget(pending)
        pid = os.fork()
        if pid == 0:
            self.become_child(request, pending.fds, conn)
        _close_fds(pending.fds)
        self.jobs[pid] = _Job(pid, conn)
        self.selector.register(conn, selectors.EVENT_READ, self.watch)

    def become_child(self, request: Request, fds: list[int], conn: socket.socket) -> None:
        """In the child: nothing of the agent's but the loaded modules, then the run."""
        code = 3
        try:
            signal.set_wakeup_fd(-1)
            self.selector.close()
            for sock in (conn, self.server, self.wake_r, self.wake_w, *self.pending,
                         *(job.conn for job in self.jobs.values())):
                sock.close()
            for other in self.pending.values():
                _close_fds(other.fds)
            from harness.agent_child import child_environment, run_validate

            code = run_validate(request.argv, cwd=request.cwd, streams=fds,
                                env=child_environment(self.env, request.env))
        except KeyboardInterrupt:
            code = 130
        finally:
            os._exit(code)

    def watch(self, conn: socket.socket) -> None:
        """The client of a run spoke or went away; gone means interrupt its run."""
        job = next(j for j in self.jobs.values() if j.conn is conn)
        try:
            data = conn.recv(4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self.selector.unregister(conn)
            self.interrupt(job)

    def interrupt(self, job: _Job) -> None:
        if job.interrupted is None:
            job.interrupted = time.monotonic()
            with contextlib.suppress(ProcessLookupError):
                os.kill(job.pid, signal.SIGINT)

    def reap(self) -> None:
        for job in list(self.jobs.values()):
            try:
                pid, status = os.waitpid(job.pid, os.WNOHANG)
            except ChildProcessError:
                pid, status = job.pid, 3 << 8
            if pid == 0:
                continue
            del self.jobs[job.pid]
            self.last = time.monotonic()
            with contextlib.suppress(KeyError, ValueError):
                self.selector.unregister(job.conn)
            code = os.waitstatus_to_exitcode(status)
            _send(job.conn, Reply(code=code if code >= 0 else 128 - code, served_by=os.getpid()))


def _listen(path: Path) -> socket.socket | None:
    """The listening socket, 0600; None when another agent has it."""
    from harness.paths import private_dir

    private_dir(path.parent)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)  # the socket is created 0600: only its owner may connect
    try:
        server.bind(str(path))
    except OSError:
        server.close()
        return None
    finally:
        os.umask(old_umask)
    server.listen(CONNECTIONS)
    server.setblocking(False)
    return server


# What every validation loads, loaded once in the agent so that each child starts with
# it: a child that had to import rich, jsonschema and yaml itself took 0.3 s longer than
# the old thread-per-request agent, which kept them after its first request.
PRELOAD = ("jsonschema", "yaml", "rich.console", "rich.live", "rich.status", "rich.table",
           "harness.cli", "harness.commands.session_flow", "harness.commands.session_results",
           "harness.readback", "harness.sandbox.docker",
           "harness.sandbox.probe", "harness.sandbox.session_docker", "harness.sandbox.warden",
           "harness.sandbox.warm")


def _preload() -> None:
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)
    from harness import documents, readback

    readback._validator()  # compiled once, here, for every child
    documents._loader()


def serve() -> int:
    """Listen until idle for IDLE_SECONDS, replaced by newer code, or sent SIGTERM."""
    from harness.paths import harness_home, write_private

    os.environ["HARNESS_NO_AGENT"] = "1"  # what its children start must not call it back
    path = socket_path()
    server = _listen(path)
    if server is None:
        return 0  # another agent got there first
    pid_file = write_private(path.parent / "agent.pid", str(os.getpid()))
    agent = _Agent(server, path, str(harness_home()))
    _preload()
    try:
        agent.run()
    finally:
        if not agent.stopping:
            with contextlib.suppress(OSError):
                path.unlink()
        with contextlib.suppress(OSError):
            if pid_file.read_text() == str(os.getpid()):  # not a newer agent's
                pid_file.unlink()
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(serve())

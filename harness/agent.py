"""A resident helper that keeps `harness validate` warm between commands.

Python start-up and the imports of docker-py, pydantic and jsonschema cost the
CLI more than a whole small pytest run.  After the first validation of a session
this process stays behind, listening on ``HARNESS_HOME/agent/agent.sock`` (0600 in a
0700 folder, so only you can talk to it).  Later validations hand it their
arguments (see agent_protocol.py: `validate` only, for this home only) and print
what it sends back.  Anything amiss (no agent, an agent from older code, a refused
request, an error on the socket) and the CLI simply does the work itself, so
correctness never depends on the agent.  Each connection is served in a thread of
its own with a read timeout, so a silent or broken client is dropped and never
holds up the next validation.  It exits after a while with nothing to do, and
`HARNESS_NO_AGENT=1` turns it off.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from harness.agent_protocol import (
    ALLOWED_ENV,
    CONTEXT_ENV,
    VERSION,
    BadRequest,
    Reply,
    Request,
    encode,
    parse_reply,
    parse_request,
    read_line,
    servable,
)

__all__ = ["ask", "serve", "socket_path", "spawn"]

IDLE_SECONDS = 20 * 60
CONNECTIONS = 16  # connections served at once; more are closed at once (the CLI then works alone)
WRITE_TIMEOUT = 10.0  # seconds to hand a reply to a client that has stopped reading
HERE = Path(__file__).resolve().parent


def agent_dir() -> Path:
    from harness.paths import harness_home

    return harness_home() / "agent"


def socket_path() -> Path:
    return agent_dir() / "agent.sock"


def _code_stamp() -> float:
    """The newest mtime of the harness sources: an agent from older code must not answer."""
    return max(p.stat().st_mtime for p in HERE.rglob("*.py"))


def _wanted(argv: list[str]) -> bool:
    return servable(argv) and os.environ.get("HARNESS_NO_AGENT") != "1"


def _context() -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, os.environ[k]) for k in CONTEXT_ENV if k in os.environ))


def _request(argv: list[str]) -> Request | None:
    from harness.paths import harness_home

    env = {k: os.environ[k] for k in ALLOWED_ENV if k in os.environ}
    tty = sys.stdout.isatty()
    if tty and "COLUMNS" not in env:
        env["COLUMNS"] = str(shutil.get_terminal_size().columns)
    try:
        cwd = str(Path.cwd())
    except FileNotFoundError:
        return None  # let the CLI itself say the folder is gone
    return Request(VERSION, tuple(argv), cwd, str(harness_home()), _code_stamp(), tty,
                   tuple(sorted(env.items())), _context())


def ask(argv: list[str]) -> int | None:
    """Have the agent run ``argv``; its exit code, or None to run it here instead."""
    path = socket_path()
    request = _request(argv) if _wanted(argv) and path.exists() else None
    if request is None:
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(2.0)
            conn.connect(str(path))
            conn.sendall(encode(request))
            conn.settimeout(None)  # a long run is fine once it is handed over
            reply = parse_reply(conn.makefile("rb").readline())
    except OSError:
        return None
    if reply is None or reply.stale or reply.refused:
        return None
    sys.stdout.write(reply.stdout)
    sys.stderr.write(reply.stderr)
    return reply.code


def spawn(argv: list[str]) -> None:
    """Start an agent in the background after a command it would have served."""
    if not _wanted(argv) or socket_path().exists():
        return
    with contextlib.suppress(OSError):
        subprocess.Popen([sys.executable, "-m", "harness.agent"], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, close_fds=True)


class _Agent:
    def __init__(self, home: str) -> None:
        self.stamp = _code_stamp()
        self.home = home
        self.context = _context()
        self.lock = threading.Lock()  # one command at a time: cwd and stdout are global
        self.slots = threading.BoundedSemaphore(CONNECTIONS)
        self.stop = threading.Event()
        self.last = time.monotonic()

    def serve(self, conn: socket.socket) -> None:
        """One connection, in its own thread: read, check, answer; a silent or broken
        client is dropped when its time is up."""
        try:
            with conn:
                try:
                    reply = self.answer(parse_request(read_line(conn)))
                except BadRequest as exc:
                    reply = Reply(refused=str(exc))
                except OSError:
                    return  # silent, gone or broken: nothing to answer
                with contextlib.suppress(OSError):
                    conn.settimeout(WRITE_TIMEOUT)
                    conn.sendall(encode(reply))
        finally:
            self.last = time.monotonic()
            self.slots.release()

    def answer(self, request: Request) -> Reply:
        if request.stamp != self.stamp or _code_stamp() != self.stamp:
            self.stop.set()
            return Reply(stale=True)
        if request.home != self.home:
            return Reply(refused="this agent serves another HARNESS_HOME")
        if request.context != self.context:
            return Reply(refused=f"this agent runs with other {', '.join(CONTEXT_ENV)}")
        with self.lock:
            return self.run(request)

    def run(self, request: Request) -> Reply:
        from harness import output
        from harness.cli import main

        saved_env, saved_cwd = dict(os.environ), Path.cwd()
        out, err = io.StringIO(), io.StringIO()
        try:
            for key in ALLOWED_ENV:
                os.environ.pop(key, None)
            os.environ.update(dict(request.env))
            if request.tty and "NO_COLOR" not in dict(request.env):
                os.environ["FORCE_COLOR"] = "1"
            os.chdir(request.cwd)
            output.reset(quiet_spinner=True)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(list(request.argv))
        except Exception as exc:  # noqa: BLE001 - any failure here is reported, not fatal
            code, err = 3, io.StringIO(f"error: the harness agent failed: {exc}\n")
        finally:
            os.chdir(saved_cwd)
            os.environ.clear()  # exactly as before: nothing of one request reaches the next
            os.environ.update(saved_env)
        return Reply(code=code, stdout=out.getvalue(), stderr=err.getvalue())

    def idle(self) -> bool:
        return not self.lock.locked() and time.monotonic() - self.last > IDLE_SECONDS


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
    server.settimeout(1.0)
    return server


def _accept_loop(server: socket.socket, agent: _Agent) -> None:
    while not agent.stop.is_set() and not agent.idle():
        try:
            conn, _ = server.accept()
        except TimeoutError:
            continue
        agent.last = time.monotonic()
        if not agent.slots.acquire(blocking=False):
            conn.close()  # too many at once: that client does its own work
            continue
        threading.Thread(target=agent.serve, args=(conn,), daemon=True).start()
    with agent.lock:  # a command still running finishes before the agent goes
        pass


def serve() -> int:
    """Listen until idle for IDLE_SECONDS or replaced by newer code."""
    from harness.paths import harness_home, write_private

    os.environ["HARNESS_NO_AGENT"] = "1"  # the commands it runs must not call it back
    path = socket_path()
    server = _listen(path)
    if server is None:
        return 0  # another agent got there first
    pid_file = write_private(path.parent / "agent.pid", str(os.getpid()))
    agent = _Agent(str(harness_home()))
    # Load the heavy modules now, before the first request needs them.
    import harness.commands.session_flow
    import harness.commands.session_results
    import harness.readback
    import harness.sandbox.docker
    import harness.sandbox.warm  # noqa: F401

    try:
        _accept_loop(server, agent)
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
            pid_file.unlink()
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(serve())

"""A resident helper that keeps `harness validate` warm between commands.

Python start-up and the imports of docker-py, pydantic and jsonschema cost the
CLI more than a whole small pytest run.  After the first validation of a session
this process stays behind, listening on ``HARNESS_HOME/agent.sock`` (mode 0600,
so only you can talk to it).  Later validations hand it their arguments and
print what it sends back.  Anything amiss (no agent, an agent from older code,
an error on the socket) and the CLI simply does the work itself, so correctness
never depends on the agent.  It exits after a while with nothing to do, and
`HARNESS_NO_AGENT=1` turns it off.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

__all__ = ["ask", "serve", "socket_path", "spawn"]

IDLE_SECONDS = 20 * 60
SERVED = ("validate",)  # the hot command; everything else runs in the CLI itself
PASSED_ENV = ("HARNESS_PROBLEMS_PATH", "HARNESS_BACKEND", "DOCKER_HOST", "NO_COLOR",
              "FORCE_COLOR", "COLUMNS", "TERM")
HERE = Path(__file__).resolve().parent


def socket_path() -> Path:
    from harness.paths import harness_home

    return harness_home() / "agent.sock"


def _code_stamp() -> float:
    """The newest mtime of the harness sources: an agent from older code must not answer."""
    return max(p.stat().st_mtime for p in HERE.rglob("*.py"))


def _wanted(argv: list[str]) -> bool:
    return bool(argv) and argv[0] in SERVED and os.environ.get("HARNESS_NO_AGENT") != "1"


def ask(argv: list[str]) -> int | None:
    """Have the agent run ``argv``; its exit code, or None to run it here instead."""
    if not _wanted(argv):
        return None
    path = socket_path()
    if not path.exists():
        return None
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    tty = sys.stdout.isatty()
    if tty and "COLUMNS" not in env:
        env["COLUMNS"] = str(shutil.get_terminal_size().columns)
    try:
        cwd = str(Path.cwd())
    except FileNotFoundError:
        return None  # let the CLI itself say the folder is gone
    request = {"argv": argv, "cwd": cwd, "stamp": _code_stamp(), "tty": tty, "env": env}
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(2.0)
            conn.connect(str(path))
            conn.settimeout(None)  # a long run is fine once connected
            conn.sendall(json.dumps(request).encode() + b"\n")
            reply = json.loads(conn.makefile("rb").readline())
    except (OSError, ValueError):
        return None
    if reply.get("stale"):
        return None
    sys.stdout.write(reply["stdout"])
    sys.stderr.write(reply["stderr"])
    return int(reply["code"])


def spawn(argv: list[str]) -> None:
    """Start an agent in the background after a command it would have served."""
    if not _wanted(argv) or socket_path().exists():
        return
    with contextlib.suppress(OSError):
        subprocess.Popen([sys.executable, "-m", "harness.agent"], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, close_fds=True)


class _Agent:
    def __init__(self) -> None:
        self.stamp = _code_stamp()
        self.lock = threading.Lock()  # one command at a time: cwd and stdout are global

    def handle(self, conn: socket.socket) -> bool:
        """Serve one request; False when this agent should stop (older code)."""
        with conn:
            request = json.loads(conn.makefile("rb").readline())
            if request["stamp"] != self.stamp or _code_stamp() != self.stamp:
                conn.sendall(json.dumps({"stale": True}).encode() + b"\n")
                return False
            with self.lock:
                reply = self.run(request)
            conn.sendall(json.dumps(reply).encode() + b"\n")
        return True

    def run(self, request: dict[str, Any]) -> dict[str, Any]:
        from harness import output
        from harness.cli import main

        saved_env = {k: os.environ.get(k) for k in PASSED_ENV}
        saved_cwd = Path.cwd()
        out, err = io.StringIO(), io.StringIO()
        try:
            for key in PASSED_ENV:
                os.environ.pop(key, None)
            os.environ.update(request["env"])
            if request["tty"] and "NO_COLOR" not in request["env"]:
                os.environ["FORCE_COLOR"] = "1"
            os.chdir(request["cwd"])
            output.reset(quiet_spinner=True)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(request["argv"])
        except Exception as exc:  # noqa: BLE001 - any failure here is reported, not fatal
            code, err = 3, io.StringIO(f"error: the harness agent failed: {exc}\n")
        finally:
            os.chdir(saved_cwd)
            for key, value in saved_env.items():
                os.environ.pop(key, None)
                if value is not None:
                    os.environ[key] = value
        return {"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}


def serve() -> int:
    """Listen until idle for IDLE_SECONDS or replaced by newer code."""
    os.environ["HARNESS_NO_AGENT"] = "1"  # the commands it runs must not call it back
    path = socket_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)  # the socket is created 0600: only its owner may connect
    try:
        server.bind(str(path))
    except OSError:
        return 0  # another agent got there first
    finally:
        os.umask(old_umask)
    server.listen(8)
    server.settimeout(IDLE_SECONDS)
    (path.parent / "agent.pid").write_text(str(os.getpid()))
    agent = _Agent()
    # Load the heavy modules now, before the first request needs them.
    import harness.commands.session_flow
    import harness.readback
    import harness.sandbox.docker
    import harness.sandbox.warm  # noqa: F401

    try:
        while True:
            try:
                conn, _ = server.accept()
            except TimeoutError:
                return 0
            if not agent.handle(conn):
                return 0
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
            (path.parent / "agent.pid").unlink()
        server.close()


if __name__ == "__main__":
    sys.exit(serve())

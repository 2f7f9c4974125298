"""The tests process's end of the supervisor's control socket (stdlib only).

Inside a grading container the tests process (uid A) cannot start, signal or wait
for a process of the submission's uid (B): only the supervisor, in-container root
with CAP_SETUID/CAP_SETGID/CAP_KILL, can.  This client asks it to, one request and
one reply at a time over a SOCK_SEQPACKET socket; file descriptors travel with
SCM_RIGHTS (``socket.send_fds``).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["CHANNEL", "MESSAGE_CAP", "Control", "Exit", "submission_processes"]

MESSAGE_CAP = 1 << 16  # bytes of one control message, either way


@dataclass(frozen=True)
class Exit:
    """How a process the supervisor started for us ended."""

    status: int  # as os.waitstatus_to_exitcode: negative for a signal
    cpu: float  # user + system seconds (wait4 rusage, reaped descendants included)
    maxrss_kb: int


class Control:
    """Requests to the supervisor.  Thread-safe: one exchange at a time."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._lock = threading.Lock()

    def _ask(self, request: dict[str, Any], fds: list[int] | None = None
             ) -> tuple[dict[str, Any], list[int]]:
        data = json.dumps(request).encode()
        with self._lock:
            if fds:
                socket.send_fds(self._sock, [data], fds)
            else:
                self._sock.sendall(data)
            raw, got, _flags, _addr = socket.recv_fds(self._sock, MESSAGE_CAP, 4)
        if not raw:
            raise ConnectionError("the supervisor closed the control socket")
        reply = json.loads(raw)
        if "error" in reply:
            raise OSError(reply["error"])
        return reply, list(got)

    def spawn(self) -> tuple[socket.socket, int]:
        """A connected socket to a fresh submission server (uid B), and its pid."""
        reply, fds = self._ask({"op": "spawn"})
        return socket.socket(fileno=fds[0]), int(reply["pid"])

    def run(self, argv: list[str], cwd: str, stdio: tuple[int, int, int], cpu_seconds: float
            ) -> int:
        """Start ``argv`` as uid B with ``stdio`` as its fds 0, 1, 2; its pid."""
        reply, _ = self._ask({"op": "run", "argv": argv, "cwd": cwd, "cpu": cpu_seconds},
                             list(stdio))
        return int(reply["pid"])

    def kill(self, pid: int, sig: int) -> None:
        """Signal ``pid`` and its process group (only a process the supervisor started)."""
        self._ask({"op": "kill", "pid": pid, "sig": sig})

    def poll(self, pid: int) -> Exit | None:
        """None while ``pid`` runs; how it ended once the supervisor reaped it."""
        reply, _ = self._ask({"op": "poll", "pid": pid})
        if reply.get("running"):
            return None
        return Exit(int(reply["status"]), float(reply["cpu"]), int(reply["maxrss"]))

    def sweep(self) -> None:
        """End every process of the submission's uid (what a run left behind)."""
        self._ask({"op": "sweep"})

    def test_started(self, nodeid: str, cpu_limit: float, wall_limit: float) -> None:
        """Tell the outside watchdog a test began, with the limits it must hold."""
        self._ask({"op": "test", "id": nodeid, "cpu": cpu_limit, "wall": wall_limit})

    def test_ended(self) -> None:
        self._ask({"op": "idle"})


# Set in the tests process by the supervisor that forked it; None everywhere else
# (the local backend, a test of the validators on the host).
CHANNEL: Control | None = None


def _sigkill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)


def submission_processes(submission_dir: str
                         ) -> tuple[Callable[[], tuple[socket.socket, int]], Callable[[int], None]]:
    """(spawn, kill) for the process boundary: through the supervisor, as uid B, in a
    grading container; plain subprocesses of this process elsewhere (local backend)."""
    channel = CHANNEL
    if channel is not None:
        return channel.spawn, lambda pid: channel.kill(pid, signal.SIGKILL)
    from validators.boundary import local_spawn

    return local_spawn(submission_dir), _sigkill

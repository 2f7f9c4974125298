"""A Spawn for the host and the local backend: a plain subprocess over a socketpair."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

__all__ = ["LocalSpawn", "local_spawn"]

_ROOT = str(Path(__file__).resolve().parents[2])
_BOOT = f"import sys; sys.path.insert(0, {_ROOT!r}); from validators.__main__ import main; main()"


class LocalSpawn:
    """Each call starts a fresh ``python -I -c <boot> serve --fd N --submission DIR``."""

    def __init__(self, submission_dir: str, python: str) -> None:
        self.submission_dir = submission_dir
        self.python = python
        self.children: list[subprocess.Popen[bytes]] = []

    def __call__(self) -> tuple[socket.socket, int]:
        self.children = [child for child in self.children if child.poll() is None]
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        with theirs:
            fd = theirs.fileno()
            child = subprocess.Popen(
                [self.python, "-I", "-c", _BOOT, "serve", "--fd", str(fd),
                 "--submission", self.submission_dir],
                pass_fds=(fd,), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, close_fds=True)
        self.children.append(child)
        return ours, child.pid

    def close(self) -> None:
        """Wait briefly for the children (they exit at EOF), then kill what is left."""
        for child in self.children:
            try:
                child.wait(timeout=2)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        self.children = []


def local_spawn(submission_dir: str, python: str = sys.executable) -> LocalSpawn:
    """A Spawn that starts the submission server as a plain subprocess (host tests, local backend)."""
    return LocalSpawn(submission_dir, python)

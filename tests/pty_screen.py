"""A pseudo-terminal to drive an interactive command (`harness watch`) from a test or
the benchmark: what it drew, and when a line appeared."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import time
from pathlib import Path

__all__ = ["Screen"]


class Screen:
    """The master side of a pty that `harness watch` draws on."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path | None = None) -> None:
        self.master, slave = os.openpty()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     cwd=cwd)
        os.close(slave)
        self.text = ""

    def wait_for(self, needle: str, timeout: float = 60.0) -> float:
        """Read until ``needle`` appears after what was read before; when it did."""
        start = len(self.text)
        deadline = time.monotonic() + timeout
        while needle not in self.text[start:]:
            left = deadline - time.monotonic()
            assert left > 0, f"no {needle!r} on screen; it shows: {self.text[-3000:]!r}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    self.text += os.read(self.master, 65536).decode("utf-8", "replace")
                except OSError:  # the child closed the pty
                    break
        return time.monotonic()

    def read_now(self) -> None:
        """Take in whatever has been drawn so far, without waiting."""
        while select.select([self.master], [], [], 0)[0]:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.text += chunk.decode("utf-8", "replace")

    def interrupt(self) -> int:
        """Ctrl-C, as the terminal sends it; the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            self.wait_for("stopped watching", timeout=30)
        return self.proc.wait(timeout=30)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)
        os.close(self.master)

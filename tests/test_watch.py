"""`harness watch` end to end in a pseudo-terminal: a file written in the workspace
leads to a redrawn verdict; Ctrl-C ends it cleanly."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

HARNESS = [sys.executable, "-m", "harness.cli"]


class Screen:
    """The master side of a pty that `harness watch` draws on."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env)
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


def _start(home: Path, problems: Path, ws: Path, backend: str) -> dict[str, str]:
    env = dict(os.environ, HARNESS_HOME=str(home), HARNESS_PROBLEMS_PATH=str(problems),
               HARNESS_NO_AGENT="1", COLUMNS="100", TERM="xterm")
    env.pop("NO_COLOR", None)
    subprocess.run([*HARNESS, "new", "demo", "--into", str(problems)], check=True,
                   capture_output=True, env=env)
    subprocess.run([*HARNESS, "--backend", backend, "start", "demo", "--dir", str(ws), "--json"],
                   check=True, capture_output=True, env=env)
    return env


@pytest.mark.parametrize("backend", ["local", pytest.param("docker", marks=pytest.mark.docker)])
def test_watch_redraws_on_save(tmp_path: Path, harness_home: Path, backend: str,
                               figure: Any) -> None:
    ws, problems = tmp_path / "ws", tmp_path / "problems"
    env = _start(harness_home, problems, ws, backend)
    screen = Screen([*HARNESS, "--backend", backend, "watch", "--dir", str(ws)], env)
    try:
        screen.wait_for("watching for changes")
        assert "0/2 visible tests passed" in screen.text  # the starter fails
        written = time.monotonic()
        shutil.copy(problems / "demo" / "solution" / "words.py", ws / "words.py")
        shown = screen.wait_for("watching for changes")
        assert "\x1b[2J" in screen.text  # the screen was cleared and redrawn
        redraw = screen.text[screen.text.rindex("harness watch"):]
        assert "2/2 visible tests passed" in redraw and "level l2 unlocked" in redraw
        figure(f"harness watch ({backend}): file write to verdict on screen "
               f"{shown - written:.2f} s")
        assert screen.interrupt() == 0  # Ctrl-C ends it cleanly
    finally:
        screen.close()
    assert "Traceback" not in screen.text
    status = json.loads(subprocess.run([*HARNESS, "status", "--dir", str(ws), "--json"],
                                       env=env, capture_output=True, text=True, check=True).stdout)
    assert status["unlocked"] == ["l1", "l2"]
    if backend == "docker":
        subprocess.run([*HARNESS, "abandon", "--dir", str(ws)], env=env, capture_output=True,
                       check=False)

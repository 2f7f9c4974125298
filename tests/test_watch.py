"""`harness watch` end to end in a pseudo-terminal: a file written in the workspace
leads to a redrawn verdict; Ctrl-C ends it cleanly."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from pty_screen import Screen  # tests/ is on sys.path (pytest's rootdir-relative import)

HARNESS = [sys.executable, "-m", "harness.cli"]


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
        redraws = screen.text.count("harness watch")
        assert "2/2 visible tests passed" in redraw and "level l2 unlocked" in redraw
        figure(f"harness watch ({backend}): file write to verdict on screen "
               f"{shown - written:.2f} s")
        # The unlock wrote the next statement and visible tests: not a save, no new run.
        time.sleep(2.0)
        screen.read_now()
        assert screen.text.count("harness watch") == redraws, screen.text[-2000:]
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

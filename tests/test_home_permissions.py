"""Nothing under HARNESS_HOME is group- or world-writable (issue 11, item 3).

After a whole session (start, validate, run, the bell, submit, report) and a grade,
every folder the harness made is 0700 and every file 0600.  The exceptions are what
a sandbox user must read through a bind mount (a ready container's ``job`` folder:
0755, files 0644) and the bell's frozen copy, which the container's root writes
(0755/0644) inside the 0700 ``bell`` folder.  No write bit for group or others anywhere.
"""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.docker]

HARNESS = [sys.executable, "-m", "harness.cli"]


def _readable_by_the_sandbox(rel: Path) -> bool:
    parts = rel.parts
    in_frozen = len(parts) >= 4 and parts[0] == "sessions" and parts[2:4] == ("bell", "frozen")
    in_job = len(parts) >= 4 and parts[0] == "warm" and parts[3] == "job"
    return in_frozen or in_job or (parts[:1] == ("sessions",) and parts[2:] == ("bell", "rang"))


def modes_under(home: Path) -> dict[str, int]:
    return {str(p.relative_to(home)): stat.S_IMODE(p.lstat().st_mode) for p in home.rglob("*")}


def test_nothing_under_the_home_is_writable_by_others(tmp_path: Path, harness_home: Path) -> None:
    problems = tmp_path / "problems"
    env = {"HARNESS_PROBLEMS_PATH": str(problems), "NO_COLOR": "1"}

    def harness(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        import os

        return subprocess.run([*HARNESS, *args], cwd=cwd, env=dict(os.environ, **env), text=True,
                              capture_output=True, timeout=300, check=False)

    assert harness("new", "demo", "--into", str(problems)).returncode == 0
    ws = tmp_path / "ws"
    assert harness("start", "demo", "--dir", str(ws), "--duration-seconds", "15").returncode == 0
    harness("validate", cwd=ws)
    shutil.copy(problems / "demo" / "solution" / "words.py", ws / "words.py")
    harness("validate", cwd=ws)
    harness("run", "--", "true", cwd=ws)
    deadline = time.monotonic() + 120
    while not list(harness_home.glob("sessions/*/bell/rang")):
        assert time.monotonic() < deadline, "the bell did not ring"
        time.sleep(0.5)
    submitted = harness("submit", cwd=ws)
    assert submitted.returncode == 0, submitted.stderr
    assert harness("report", "--html", "--reveal", cwd=ws).returncode == 0
    graded = harness("grade", "demo", str(problems / "demo" / "solution"))
    assert graded.returncode in (0, 1), graded.stderr

    modes = modes_under(harness_home)
    assert any(name.endswith("report.json") for name in modes)
    assert any("/bell/frozen/" in name for name in modes)
    writable = {name: oct(mode) for name, mode in modes.items() if mode & 0o022}
    assert not writable, writable
    wrong = {}
    for name, mode in modes.items():
        path = harness_home / name
        if _readable_by_the_sandbox(Path(name)) or path.is_socket():
            continue
        expected = 0o700 if path.is_dir() else 0o600
        if mode != expected:
            wrong[name] = oct(mode)
    assert not wrong, wrong

"""The resident agent: later validations go through it, with the same output and exit codes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.docker]

HARNESS = [sys.executable, "-m", "harness.cli"]


def run(env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HARNESS, *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


def wait_for(path: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} did not appear"
        time.sleep(0.2)


def steady(output: str) -> str:
    """The output without what changes from run to run: test durations, time left."""
    return re.sub(r"\d+:\d\d:\d\d left|\d+\.\d\ds", "#", output)


def test_validations_through_the_agent(tmp_path: Path, harness_home: Path) -> None:
    problems = tmp_path / "problems"
    env = dict(os.environ, HARNESS_PROBLEMS_PATH=str(problems), NO_COLOR="1")
    env.pop("HARNESS_NO_AGENT")
    assert run(env, "new", "demo", "--into", str(problems), cwd=tmp_path).returncode == 0
    ws = tmp_path / "ws"
    assert run(env, "start", "demo", "--dir", str(ws), "--duration-seconds", "40",
               cwd=tmp_path).returncode == 0

    first = run(env, "validate", cwd=ws)  # in-process; leaves an agent behind
    assert first.returncode == 1 and "NotImplementedError" in first.stdout, first
    wait_for(harness_home / "agent" / "agent.sock")
    pid = int((harness_home / "agent" / "agent.pid").read_text())

    failing = run(env, "validate", cwd=ws)  # through the agent
    assert failing.returncode == 1, failing
    assert steady(failing.stdout) == steady(first.stdout)  # the same, but for times and clock

    shutil.copy(problems / "demo" / "solution" / "words.py", ws / "words.py")
    passing = json.loads(run(env, "validate", "--json", cwd=ws).stdout)
    assert passing["passed"] == 2 and passing["unlocked"] == "l2"

    outside = run(env, "validate", cwd=tmp_path)  # errors keep their code and message
    assert outside.returncode == 2 and "not inside a harness workspace" in outside.stderr

    os.kill(pid, 0)  # the same agent served all of them
    assert run(env, "abandon", cwd=ws).returncode == 0
    late = run(env, "validate", cwd=ws)
    assert late.returncode == 2 and "ended" in late.stderr


def test_agent_from_older_code_steps_aside(tmp_path: Path, harness_home: Path) -> None:
    problems = tmp_path / "problems"
    env = dict(os.environ, HARNESS_PROBLEMS_PATH=str(problems), NO_COLOR="1")
    env.pop("HARNESS_NO_AGENT")
    run(env, "new", "demo", "--into", str(problems), cwd=tmp_path)
    ws = tmp_path / "ws"
    run(env, "start", "demo", "--dir", str(ws), cwd=tmp_path)
    run(env, "validate", cwd=ws)
    wait_for(harness_home / "agent" / "agent.sock")
    pid = int((harness_home / "agent" / "agent.pid").read_text())
    package = Path(__file__).resolve().parents[1] / "harness"
    source = package / "agent.py"
    stat = source.stat()
    newest = max(p.stat().st_mtime for p in package.rglob("*.py"))
    os.utime(source, (stat.st_atime, newest + 10))  # "newer code" on disk
    try:
        again = run(env, "validate", cwd=ws)
        assert again.returncode == 1 and "NotImplementedError" in again.stdout
        deadline = time.monotonic() + 10
        while True:  # the old agent exits rather than answer
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            assert time.monotonic() < deadline, "the stale agent kept running"
            time.sleep(0.2)
    finally:
        os.utime(source, (stat.st_atime, stat.st_mtime))
    run(env, "abandon", cwd=ws)

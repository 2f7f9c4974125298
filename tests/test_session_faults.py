"""Session-level faults: the daemon restarted mid-run, a full disk, a CLI killed with SIGKILL.

After each, the SQLite database must pass its integrity check and the session
must carry on.  (This file runs after the other Docker tests: restarting the
daemon is the most disruptive thing the suite does.)
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.docker]

HARNESS = [sys.executable, "-m", "harness.cli"]
BUSY = "def count_words(text):\n    while True:\n        pass\n"


def cli(env: dict[str, str], *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HARNESS, *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


def integrity(home: Path) -> str:
    with sqlite3.connect(home / "harness.db") as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


@pytest.fixture
def session(tmp_path: Path, harness_home: Path) -> Iterator[tuple[dict[str, str], Path]]:
    problems = tmp_path / "problems"
    env = dict(os.environ, HARNESS_HOME=str(harness_home), HARNESS_PROBLEMS_PATH=str(problems),
               NO_COLOR="1")
    assert cli(env, "new", "demo", "--into", str(problems)).returncode == 0
    ws = tmp_path / "ws"
    started = cli(env, "start", "demo", "--dir", str(ws))
    assert started.returncode == 0, started.stderr
    yield env, ws
    # Ended, so a ready container a detached helper is still starting takes itself back
    # (the home's sweep at teardown can run before that helper has created it).
    cli(env, "abandon", "--dir", str(ws))


def wait_for_run_container(home: Path, timeout: float = 60) -> None:
    import docker

    client = docker.from_env()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if client.containers.list(filters={"label": ["io.harness.kind=run",
                                                          f"io.harness.home={home}"]}):
                return
            time.sleep(0.2)
    finally:
        client.close()
    pytest.fail("no run container appeared")


def test_cli_killed_mid_run_then_gc_finds_the_stray(session: tuple[dict[str, str], Path],
                                                    harness_home: Path, figure: Any) -> None:
    env, ws = session
    (ws / "words.py").write_text(BUSY)
    proc = subprocess.Popen([*HARNESS, "validate"], env=env, cwd=ws, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    wait_for_run_container(harness_home)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert integrity(harness_home) == "ok"
    status = cli(env, "status", "--json", cwd=ws)
    assert status.returncode == 0 and json.loads(status.stdout)["level"] == "l1"
    swept = json.loads(cli(env, "gc", "--json").stdout)
    assert any("container" in line and "(run)" in line for line in swept["removed"]), swept
    assert any("scratch folder" in line for line in swept["removed"]), swept
    assert not list((harness_home / "runs").iterdir())
    (ws / "words.py").unlink()  # the starter's stub is gone: the next run just fails
    again = cli(env, "validate", "--json", cwd=ws)
    assert again.returncode == 1 and json.loads(again.stdout)["total"] == 2
    figure(f"SIGKILL mid-run: gc removed {len(swept['removed'])} stray(s); database ok")


def test_full_disk_under_harness_home(tmp_path: Path, require: Any) -> None:
    require(os.geteuid() == 0, "mounting a tiny disk needs root")
    home = tmp_path / "small-home"
    home.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(home)], check=True)
    try:
        problems = tmp_path / "problems"
        env = dict(os.environ, HARNESS_HOME=str(home), HARNESS_PROBLEMS_PATH=str(problems),
                   NO_COLOR="1")
        assert cli(env, "new", "demo", "--into", str(problems)).returncode == 0
        ws = tmp_path / "ws"
        assert cli(env, "start", "demo", "--dir", str(ws)).returncode == 0
        filler = home / "filler"
        with filler.open("wb") as fh, pytest.raises(OSError):
            while True:
                fh.write(b"x" * 65536)
                fh.flush()
        full = cli(env, "validate", cwd=ws)
        assert full.returncode == 3, full.stdout + full.stderr
        assert "full" in full.stderr and "Traceback" not in full.stderr
        filler.unlink()
        assert integrity(home) == "ok"  # (checked once there is room for SQLite's own files)
        after = cli(env, "validate", "--json", cwd=ws)
        assert after.returncode == 1 and json.loads(after.stdout)["total"] == 2
        cli(env, "abandon", cwd=ws)
    finally:
        subprocess.run(["umount", "-l", str(home)], check=False)


# The daemon's environment: PATH alone, as sandbox/ensure-docker.sh starts it.  A
# daemon that kept this test's TMPDIR (deleted at teardown) fails every later
# docker exec on the machine, the rest of the suite's and other users' alike.
DAEMON_ENV = {"PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")}


def _daemon_environ() -> dict[str, str]:
    pid = subprocess.run(["pgrep", "-o", "-x", "dockerd"], capture_output=True, text=True).stdout.split()
    raw = Path(f"/proc/{pid[0]}/environ").read_bytes() if pid else b""
    return dict(item.split("=", 1) for item in raw.decode(errors="replace").split("\0") if "=" in item)


def _leaked() -> list[str]:
    """What of a test's or the harness's environment the running daemon holds."""
    return [name for name in _daemon_environ() if name == "TMPDIR" or name.startswith("HARNESS_")]


def _restart_dockerd() -> None:
    subprocess.run(["pkill", "-TERM", "-x", "dockerd"], check=False)
    for _ in range(100):
        if subprocess.run(["pgrep", "-x", "dockerd"], capture_output=True).returncode != 0:
            break
        time.sleep(0.2)
    with open("/var/log/dockerd.log", "ab") as log:
        subprocess.Popen(["dockerd"], stdout=log, stderr=log, start_new_session=True,
                         env=DAEMON_ENV, cwd="/")
    for _ in range(120):
        if subprocess.run(["docker", "info"], capture_output=True).returncode == 0:
            leaked = _leaked()
            assert not leaked, f"the restarted daemon inherited {leaked}"
            return
        time.sleep(0.5)
    pytest.fail("dockerd did not come back")


def test_daemon_restarted_mid_validation(session: tuple[dict[str, str], Path],
                                         harness_home: Path, require: Any) -> None:
    local = subprocess.run(["pgrep", "-x", "dockerd"], capture_output=True).returncode == 0
    require(os.geteuid() == 0 and local, "restarting the daemon needs root and a local dockerd")
    leaked = _leaked()
    assert not leaked, f"the running daemon was started with the caller's {leaked}"
    env, ws = session
    (ws / "words.py").write_text(BUSY)
    proc = subprocess.Popen([*HARNESS, "validate"], env=env, cwd=ws, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    wait_for_run_container(harness_home)
    _restart_dockerd()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 3, err
    assert "Docker daemon" in err and "Traceback" not in err
    assert integrity(harness_home) == "ok"
    status = cli(env, "status", "--json", cwd=ws)
    assert status.returncode == 0  # the session survived
    assert cli(env, "resume", cwd=ws).returncode == 0
    (ws / "words.py").unlink()
    again = cli(env, "validate", "--json", cwd=ws)
    assert again.returncode == 1 and json.loads(again.stdout)["total"] == 2
    cli(env, "abandon", cwd=ws)
    cli(env, "gc")

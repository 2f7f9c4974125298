"""The session container cannot outlive or rewrite its commands (issue 11, items 3 and 4).

Each test performs the attack through the real CLI (a subprocess) against a real
daemon: processes left behind by `harness run`, the bell's folder as a target,
edits after the bell, disk floods, and one home's commands against another's.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import select
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.docker]

HARNESS = [sys.executable, "-m", "harness.cli"]
GOOD = ("from collections import Counter\n\n"
        "def count_words(text):\n    return dict(Counter(text.lower().split()))\n")


class Cli:
    """`harness` as a subprocess with its own HARNESS_HOME and problems folder."""

    def __init__(self, home: Path, problems: Path) -> None:
        self.home = home
        self.env = dict(os.environ, HARNESS_HOME=str(home), HARNESS_PROBLEMS_PATH=str(problems),
                        NO_COLOR="1", HARNESS_NO_AGENT="1")

    def __call__(self, *args: str, cwd: Path | None = None, timeout: float = 300
                 ) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*HARNESS, *args], cwd=cwd, env=self.env, text=True,
                              capture_output=True, timeout=timeout, check=False)

    def json(self, *args: str, cwd: Path | None = None) -> Any:
        proc = self(*args, "--json", cwd=cwd)
        assert proc.stdout, proc.stderr
        return json.loads(proc.stdout)


@pytest.fixture
def problems(tmp_path: Path) -> Path:
    folder = tmp_path / "problems"
    folder.mkdir()
    subprocess.run([*HARNESS, "new", "demo", "--into", str(folder)], check=True,
                   capture_output=True)
    return folder


@pytest.fixture
def harness(problems: Path, harness_home: Path) -> Cli:
    return Cli(harness_home, problems)


@pytest.fixture
def client() -> Iterator[Any]:
    import docker

    client = docker.from_env()
    yield client
    client.close()


def session_container(client: Any, home: Path, session: str) -> Any:
    found = client.containers.list(filters={"label": [f"io.harness.session={session}",
                                                      f"io.harness.home={home}",
                                                      "io.harness.kind=session"]})
    assert len(found) == 1, found
    return found[0]


def processes(container: Any) -> list[str]:
    """Every process in the container (docker top: seen from outside, not from the runner)."""
    return [" ".join(p) for p in container.top(ps_args="-eo uid,pid,args")["Processes"]]


def wait_for_bell(home: Path, session: str, timeout: float) -> None:
    flag = home / "sessions" / session / "bell" / "rang"
    deadline = time.monotonic() + timeout
    while not flag.exists():
        assert time.monotonic() < deadline, "the bell did not ring"
        time.sleep(0.5)


def canary(tmp_path: Path) -> tuple[Path, str]:
    """A random token in a 0600 file in a private (0700) folder."""
    folder = tmp_path / "private"
    folder.mkdir(mode=0o700)
    token = secrets.token_hex(16)
    (folder / "secret.txt").write_text(token)
    (folder / "secret.txt").chmod(0o600)
    return folder, token


def level_one_passed(report: dict[str, Any]) -> bool:
    level = next(lv for lv in report["levels"] if lv["level"] == "l1")
    return bool(level["passed"] == level["total"] == 4)


def all_bytes_under(*roots: Path) -> bytes:
    out = bytearray()
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file() and not path.is_symlink():
                out += path.read_bytes()
    return bytes(out)


# The attacker: a process that outlives `harness run` (setsid, output detached), waits for
# the bell, then swaps the frozen copy's folders for symlinks to a private folder of the
# host and keeps swapping, so that a host-side copy at `submit` would follow one.
ATTACK = """
for d in /sealed/bell/frozen /frozen; do :; done
while :; do
  for d in /sealed/bell/frozen /frozen; do
    if [ -d "$d" ]; then
      mv "$d/tests" "$d/t.real" 2>/dev/null; ln -sfn CANARY "$d/tests" 2>/dev/null
      ln -sfn CANARY/secret.txt "$d/leak.txt" 2>/dev/null
      rm -f "$d/tests"; mv "$d/t.real" "$d/tests" 2>/dev/null
      echo 'def count_words(text): return {}' > "$d/words.py" 2>/dev/null
    fi
  done
  sleep 0.01
done
"""


def test_chained_attack_leaks_nothing(harness: Cli, problems: Path, tmp_path: Path,
                                      harness_home: Path, client: Any) -> None:
    private, token = canary(tmp_path)
    ws = tmp_path / "ws"
    started = harness.json("start", "demo", "--dir", str(ws), "--duration-seconds", "20")
    (ws / "words.py").write_text(GOOD)
    script = ATTACK.replace("CANARY", str(private))
    (ws / "attack.sh").write_text(script)
    launched = harness("run", "--", "sh", "-c",
                       "setsid sh /workspace/attack.sh >/dev/null 2>&1 </dev/null & "
                       "setsid sleep 3001 >/dev/null 2>&1 </dev/null & echo launched", cwd=ws)
    assert launched.returncode == 0 and "launched" in launched.stdout, launched
    container = session_container(client, harness_home, started["session"])
    left = [p for p in processes(container) if "attack.sh" in p or "sleep 3001" in p]
    assert not left, f"processes outlived `harness run`: {left}"
    # Seen from inside too, as the runner uid: nothing of the first run is there.
    listing = harness("run", "--", "sh", "-c", "cat /proc/[0-9]*/cmdline | tr '\\0' ' '", cwd=ws)
    assert "attack.sh" not in listing.stdout and "3001" not in listing.stdout, listing

    wait_for_bell(harness_home, started["session"], timeout=120)
    report = harness("submit", "--json", cwd=ws)
    assert report.returncode == 1, report  # l1 passes, l2 was never unlocked: not full marks
    assert level_one_passed(json.loads(report.stdout))  # the frozen copy is the good one, untouched
    for text in (launched.stdout, launched.stderr, listing.stdout, report.stdout, report.stderr):
        assert token not in text
    assert token.encode() not in all_bytes_under(harness_home)  # reports, database, frozen copy
    frozen = harness_home / "sessions" / started["session"] / "bell" / "frozen"
    assert not any(p.is_symlink() for p in frozen.rglob("*"))


def test_runner_cannot_reach_the_bell_and_later_edits_never_count(
        harness: Cli, problems: Path, tmp_path: Path, harness_home: Path, client: Any) -> None:
    ws = tmp_path / "ws"
    started = harness.json("start", "demo", "--dir", str(ws), "--duration-seconds", "20")
    (ws / "words.py").write_text(GOOD)
    probe = harness("run", "--", "sh", "-c",
                    "ls /sealed; ls /sealed/bell; cat /sealed/bell/rang; "
                    "echo x > /sealed/bell/x; mkdir /sealed/bell/frozen; echo x > /frozen; "
                    "find / -name rang 2>&1 | grep -v Permission; echo done", cwd=ws)
    assert probe.stdout.count("Permission denied") >= 5, probe.stdout
    # A process left behind would overwrite the frozen copy after the bell (it cannot stay).
    harness("run", "--", "sh", "-c", "setsid sh -c 'while :; do echo \"def count_words(t): "
            "return {}\" > /sealed/bell/frozen/words.py; sleep 0.1; done' >/dev/null 2>&1 "
            "</dev/null &", cwd=ws)
    wait_for_bell(harness_home, started["session"], timeout=120)
    (ws / "words.py").write_text("def count_words(text):\n    return {}\n")  # after the bell
    report = harness.json("submit", cwd=ws)
    assert level_one_passed(report), report  # graded as it was at the bell
    assert "frozen at the bell" in report["note"]
    bell = harness_home / "sessions" / started["session"] / "bell"
    assert stat.S_IMODE(bell.stat().st_mode) == 0o700
    assert sorted(p.name for p in bell.iterdir()) == ["frozen", "rang"]


def test_floods_do_not_reach_the_host_disk(harness: Cli, tmp_path: Path,
                                           harness_home: Path, figure: Any) -> None:
    ws = tmp_path / "ws"
    harness.json("start", "demo", "--dir", str(ws))
    before = sum(p.stat().st_size for root in (harness_home, ws) for p in root.rglob("*")
                 if p.is_file())
    flood = harness("run", "--", "sh", "-c",
                    "for i in 1 2 3 4; do for d in /workspace /sealed/bell /frozen /tmp /dev/shm "
                    "/opt/harness /; do head -c 60M /dev/zero > $d/blob$i 2>/dev/null; done; done; "
                    "du -sm /tmp /dev/shm 2>/dev/null", cwd=ws, timeout=600)
    after = sum(p.stat().st_size for root in (harness_home, ws) for p in root.rglob("*")
                if p.is_file())
    grown = after - before
    held = " ".join(line for line in flood.stdout.splitlines() if line[:1].isdigit())
    figure(f"session flood: 4 x 60 MiB into every reachable folder grew the home and "
           f"workspace by {grown} bytes; the container's tmpfs held (MiB): {held}")
    assert grown < 1 << 20, (grown, flood)
    assert not list(ws.glob("blob*"))
    harness("abandon", cwd=ws)


def test_ctrl_c_during_run_leaves_nothing(harness: Cli, problems: Path, tmp_path: Path,
                                          harness_home: Path, client: Any) -> None:
    # `run`'s budget is the problem's time limit, at least 10 s: on a loaded machine the
    # wait below for the command's processes can take longer than that, and the run then
    # ends as a timeout (exit 1) before the Ctrl-C.  A limit of 120 s keeps it running.
    spec = problems / "demo" / "problem.yaml"
    spec.write_text(re.sub(r"(?m)^  time: [0-9.]+", "  time: 120", spec.read_text(), count=1))
    ws = tmp_path / "ws"
    started = harness.json("start", "demo", "--dir", str(ws))
    proc = subprocess.Popen([*HARNESS, "run", "--", "sh", "-c",
                             "setsid sleep 3002 >/dev/null 2>&1 </dev/null & sleep 600"],
                            cwd=ws, env=harness.env, stdout=subprocess.PIPE, text=True)
    container = session_container(client, harness_home, started["session"])
    deadline = time.monotonic() + 60  # `run` prints at the end: watch for its processes instead
    while not any("sleep 600" in p for p in processes(container)):
        assert time.monotonic() < deadline and proc.poll() is None, "the command did not start"
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=120) == 130
    left = [p for p in processes(container) if "sleep" in p]
    assert not left, left
    harness("abandon", cwd=ws)


def test_shell_leaves_nothing(harness: Cli, tmp_path: Path, harness_home: Path,
                              client: Any) -> None:
    import pty

    ws = tmp_path / "ws"
    started = harness.json("start", "demo", "--dir", str(ws))
    leader, follower = pty.openpty()
    proc = subprocess.Popen([*HARNESS, "shell"], cwd=ws, env=harness.env, stdin=follower,
                            stdout=follower, stderr=follower)
    os.close(follower)
    os.write(leader, b"setsid sleep 3003 >/dev/null 2>&1 </dev/null & echo up-$((40+2))\n")
    seen = b""
    deadline = time.monotonic() + 60
    while b"up-42" not in seen and time.monotonic() < deadline:
        if select.select([leader], [], [], 1.0)[0]:
            seen += os.read(leader, 4096)
    assert b"up-42" in seen, seen
    os.write(leader, b"exit\n")
    assert proc.wait(timeout=60) == 0
    with_drain(leader)
    container = session_container(client, harness_home, started["session"])
    left = [p for p in processes(container) if "sleep" in p]
    assert not left, left
    harness("abandon", cwd=ws)


def with_drain(fd: int) -> None:
    try:
        while select.select([fd], [], [], 0.5)[0] and os.read(fd, 4096):
            pass
    except OSError:
        pass
    os.close(fd)


@pytest.fixture
def home_b(tmp_path: Path, client: Any) -> Iterator[Path]:
    """A second HARNESS_HOME on the same daemon; its containers are removed afterwards."""
    home = tmp_path / "home-b"
    yield home
    for stray in client.containers.list(all=True, filters={"label": f"io.harness.home={home}"}):
        stray.remove(force=True)


def test_two_homes_never_touch_each_other(problems: Path, tmp_path: Path, harness_home: Path,
                                          home_b: Path, client: Any) -> None:
    """A live session in home A survives `gc`, `abandon` and `resume` in home B, even
    when B's database names A's session id and container (a crafted row)."""
    a = Cli(harness_home, problems)
    b = Cli(home_b, problems)
    ws_a, ws_b = tmp_path / "ws-a", tmp_path / "ws-b"
    started = a.json("start", "demo", "--dir", str(ws_a))
    container = session_container(client, harness_home, started["session"])
    deadline = time.monotonic() + 60
    warm = {"label": ["io.harness.kind=warm", f"io.harness.home={harness_home}"]}
    while not client.containers.list(filters=warm):  # A's ready container, the sweep's prey
        assert time.monotonic() < deadline, "no ready container in home A"
        time.sleep(0.3)
    ours_before = {c.id for c in client.containers.list(
        all=True, filters={"label": f"io.harness.home={harness_home}"})}

    assert b("gc").returncode == 0
    b.json("start", "demo", "--dir", str(ws_b))
    with sqlite3.connect(b.home / "harness.db") as db:  # B's row now names A's session
        db.execute("UPDATE sessions SET id = ?, container = ?",
                   (started["session"], container.id))
    (ws_b / ".harness" / "session.json").write_text(json.dumps({"session": started["session"]}))
    assert b("abandon", cwd=ws_b).returncode == 0
    with sqlite3.connect(b.home / "harness.db") as db:
        db.execute("UPDATE sessions SET ended = NULL, container = ?", ("0" * 64,))
    resumed = b("resume", cwd=ws_b)
    assert resumed.returncode == 0, resumed
    assert b("gc").returncode == 0

    ours_after = {c.id for c in client.containers.list(
        all=True, filters={"label": f"io.harness.home={harness_home}"})}
    assert ours_before <= ours_after, "home B removed home A's containers"
    container.reload()
    assert container.status == "running"
    (ws_a / "words.py").write_text(GOOD)
    assert a("run", "--", "true", cwd=ws_a).returncode == 0
    assert a.json("validate", cwd=ws_a)["passed"] == 2
    assert b("abandon", cwd=ws_b).returncode == 0
    assert a("abandon", cwd=ws_a).returncode == 0

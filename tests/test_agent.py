"""The resident agent: later validations go through it, with the same output and exit
codes, each in a child of its own (issue 12).

Every command here is the real console-script path (harness.entry), which asks the
agent before it loads the CLI; HARNESS_AGENT_VERBOSE=1 makes it say which agent
served it, so a fallback to running in-process can never pass for the agent.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from harness.agent_protocol import GRACE

HARNESS = [sys.executable, "-m", "harness.entry"]
ROOT = Path(__file__).resolve().parents[1]
SLOW = "import time\ntime.sleep(120)\n\n\ndef count_words(text):\n    return {}\n"


def run(env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HARNESS, *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False)


def wait_until(ok: Any, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not ok():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def steady(output: str) -> str:
    """The output without what changes from run to run: test durations, time left."""
    return re.sub(r"\d+:\d\d:\d\d left|\d+\.\d\ds", "#", output)


def served_by(result: subprocess.CompletedProcess[str]) -> int:
    """The pid of the agent that served ``result``; 0 when the CLI ran it itself."""
    found = re.search(r"served by the agent \(pid (\d+)\)", result.stderr)
    return int(found.group(1)) if found else 0


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").is_dir() and "zombie" not in _status(pid)


def _status(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return "zombie"


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def fds(pid: int) -> list[str]:
    found = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            found.append(os.readlink(fd))
        except OSError:
            continue
    return sorted(found)


def settled_fds(pid: int) -> list[str]:
    """``pid``'s descriptors once they stop changing (a connection's is closed just
    after its reply, which the client may read first)."""
    before = fds(pid)
    while True:
        time.sleep(0.5)
        now = fds(pid)
        if now == before:
            return now
        before = now


@dataclass
class Session:
    env: dict[str, str]
    problems: Path
    ws: Path
    home: Path

    def agent(self) -> int:
        """The pid of the agent that the first validation left behind."""
        wait_until(lambda: self._pid() > 0, "no agent came up")
        return self._pid()

    def _pid(self) -> int:
        try:
            pid = int((self.home / "agent" / "agent.pid").read_text())
        except (OSError, ValueError):
            return 0
        up = (self.home / "agent" / "agent.sock").exists() and alive(pid)
        return pid if up else 0


def _session(tmp_path: Path, home: Path, *start: str) -> Iterator[Session]:
    problems = tmp_path / "problems"
    env = dict(os.environ, HARNESS_PROBLEMS_PATH=str(problems), NO_COLOR="1",
               HARNESS_AGENT_VERBOSE="1")
    env.pop("HARNESS_NO_AGENT")
    assert run(env, "new", "demo", "--into", str(problems), cwd=tmp_path).returncode == 0
    ws = tmp_path / "ws"
    started = run(env, *start, "start", "demo", "--dir", str(ws), cwd=tmp_path)
    assert started.returncode == 0, started
    yield Session(env, problems, ws, home)
    run(env, "abandon", cwd=ws)


@pytest.fixture
def docker_session(tmp_path: Path, harness_home: Path) -> Iterator[Session]:
    yield from _session(tmp_path, harness_home)


@pytest.fixture
def local_session(tmp_path: Path, harness_home: Path) -> Iterator[Session]:
    yield from _session(tmp_path, harness_home, "--backend", "local")


@pytest.mark.docker
def test_validations_through_the_agent(docker_session: Session, tmp_path: Path) -> None:
    s = docker_session
    first = run(s.env, "validate", cwd=s.ws)  # in-process; leaves an agent behind
    assert first.returncode == 1 and "NotImplementedError" in first.stdout, first
    assert served_by(first) == 0
    pid = s.agent()
    assert os.readlink(f"/proc/{pid}/cwd") == "/"  # it pins no folder a test may delete

    failing = run(s.env, "validate", cwd=s.ws)  # through the agent
    assert failing.returncode == 1 and served_by(failing) == pid, failing
    assert steady(failing.stdout) == steady(first.stdout)  # the same, but for times and clock

    shutil.copy(s.problems / "demo" / "solution" / "words.py", s.ws / "words.py")
    passing = run(s.env, "validate", "--json", cwd=s.ws)
    assert passing.returncode == 0 and served_by(passing) == pid, passing
    data = json.loads(passing.stdout)
    assert data["passed"] == 2 and data["unlocked"] == "l2"

    outside = run(s.env, "validate", cwd=tmp_path)  # errors keep their code and message
    assert outside.returncode == 2 and "not inside a harness workspace" in outside.stderr
    assert served_by(outside) == pid

    assert run(s.env, "abandon", cwd=s.ws).returncode == 0
    late = run(s.env, "validate", cwd=s.ws)
    assert late.returncode == 2 and "ended" in late.stderr and served_by(late) == pid


def test_each_request_has_its_own_folder_and_environment(local_session: Session,
                                                         tmp_path: Path) -> None:
    s = local_session
    run(s.env, "validate", cwd=s.ws)
    pid = s.agent()
    plain = dict(s.env)
    plain.pop("NO_COLOR")
    coloured = run(plain | {"FORCE_COLOR": "1"}, "validate", cwd=s.ws)
    assert coloured.returncode == 1 and served_by(coloured) == pid, coloured
    assert "\x1b[" in coloured.stdout
    uncoloured = run(plain, "validate", cwd=s.ws)  # FORCE_COLOR went with its request
    assert uncoloured.returncode == 1 and served_by(uncoloured) == pid, uncoloured
    assert "\x1b[" not in uncoloured.stdout and "NotImplementedError" in uncoloured.stdout

    outside = run(s.env, "validate", cwd=tmp_path)
    assert outside.returncode == 2 and served_by(outside) == pid, outside
    inside = run(s.env, "validate", cwd=s.ws)  # the folder before it did not stay
    assert inside.returncode == 1 and served_by(inside) == pid, inside
    by_dir = run(s.env, "validate", "--dir", str(s.ws), cwd=tmp_path)
    assert by_dir.returncode == 1 and served_by(by_dir) == pid, by_dir
    assert os.readlink(f"/proc/{pid}/cwd") == "/"  # and the agent's own never moved


def test_the_agent_keeps_no_descriptor_of_a_served_request(local_session: Session) -> None:
    s = local_session
    run(s.env, "validate", cwd=s.ws)
    pid = s.agent()
    assert served_by(run(s.env, "validate", cwd=s.ws)) == pid
    after_one = settled_fds(pid)
    assert served_by(run(s.env, "validate", cwd=s.ws)) == pid
    deadline = time.monotonic() + 15
    while fds(pid) != after_one:
        assert time.monotonic() < deadline, (fds(pid), after_one)
        time.sleep(0.2)


def _claimed(home: Path) -> set[str]:
    """The ids of the ready containers validations have claimed."""
    found = set()
    for marker in (home / "warm").glob("*/*/claimed"):
        try:
            found.add(str(json.loads((marker.parent / "slot.json").read_text())["container"]))
        except (OSError, ValueError):
            continue
    return found


@pytest.mark.docker
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "killed"])
def test_a_client_gone_ends_its_run_and_its_containers(docker_session: Session, daemon: Any,
                                                       how: signal.Signals, figure: Any) -> None:
    s = docker_session
    run(s.env, "validate", cwd=s.ws)
    pid = s.agent()
    (s.ws / "words.py").write_text(SLOW)  # the run takes its whole budget
    ready = s.home / "warm"
    wait_until(lambda: len(list(ready.glob("*/*/free"))) >= 2, "no ready containers", timeout=120)
    client = subprocess.Popen([*HARNESS, "validate"], env=s.env, cwd=s.ws, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    claimed: set[str] = set()

    def started() -> bool:
        claimed.update(_claimed(s.home))
        return len(claimed) == 2 and bool(children(pid))  # the visible tests', and the own

    wait_until(started, "the agent's child claimed no ready containers", timeout=60)
    child = children(pid)[0]
    time.sleep(1.0)  # well inside the run (it takes its whole budget, more than 15 s)
    client.send_signal(how)
    gone_at = time.monotonic()
    out, err = client.communicate(timeout=120)
    wait_until(lambda: not alive(child), "the run outlived its client", timeout=60)
    ended_in = time.monotonic() - gone_at
    figure(f"agent: a run whose client was {how.name}ed ended {ended_in:.1f} s later")
    assert ended_in < GRACE + 5
    if how == signal.SIGINT:
        assert client.returncode == 130 and "interrupted" in err, (out, err)
    from harness.sandbox.docker_client import LABEL, home_label, listed

    def cleaned() -> bool:
        left = listed(daemon, [home_label()])
        ids = {c["Id"] for c in left}
        runs = [c for c in left if c["Labels"].get(f"{LABEL}.kind") == "run"]
        return not claimed & ids and not runs

    wait_until(cleaned, "the interrupted run left its container behind", timeout=60)
    assert alive(pid)  # the agent itself carries on


def test_an_agent_from_older_code_is_replaced(local_session: Session, tmp_path: Path) -> None:
    s = local_session
    code = tmp_path / "code"  # the harness runs from a copy: nothing is written into the checkout
    shutil.copytree(ROOT / "harness", code / "harness",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = s.env | {"PYTHONPATH": str(code)}
    run(env, "validate", cwd=s.ws)
    old = s.agent()
    assert served_by(run(env, "validate", cwd=s.ws)) == old
    source = code / "harness" / "agent.py"
    newest = max(p.stat().st_mtime for p in (code / "harness").rglob("*.py"))
    os.utime(source, (newest + 10, newest + 10))  # "newer code" on disk

    again = run(env, "validate", cwd=s.ws)  # the old agent steps aside; the CLI does it
    assert again.returncode == 1 and "NotImplementedError" in again.stdout, again
    assert served_by(again) == 0
    wait_until(lambda: not alive(old), "the stale agent kept running")
    new = s.agent()
    assert new != old
    latest = run(env, "validate", cwd=s.ws)
    assert latest.returncode == 1 and served_by(latest) == new, latest


@pytest.mark.docker
def test_a_stopped_agent_interrupts_its_runs_and_still_answers(docker_session: Session) -> None:
    s = docker_session
    run(s.env, "validate", cwd=s.ws)
    pid = s.agent()
    (s.ws / "words.py").write_text(SLOW)
    ready = s.home / "warm"
    wait_until(lambda: len(list(ready.glob("*/*/free"))) >= 2, "no ready containers", timeout=120)
    client = subprocess.Popen([*HARNESS, "validate"], env=s.env, cwd=s.ws, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_until(lambda: bool(children(pid)), "the agent started no child", timeout=60)
    time.sleep(1.0)
    os.kill(pid, signal.SIGTERM)  # as `harness gc` or a logout would
    out, err = client.communicate(timeout=120)
    assert client.returncode == 130 and "interrupted" in err, (out, err)
    assert f"served by the agent (pid {pid})" in err  # the exit code came from the agent
    wait_until(lambda: not alive(pid), "the agent outlived its SIGTERM")
    assert not (s.home / "agent" / "agent.sock").exists()

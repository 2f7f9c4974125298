"""A candidate's whole session through the real CLI (a subprocess) and a real Docker daemon."""

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

pytestmark = [pytest.mark.docker]

HARNESS = [sys.executable, "-m", "harness.cli"]


class Cli:
    """Runs `harness` as a subprocess with its own HARNESS_HOME and problems folder."""

    def __init__(self, home: Path, problems: Path) -> None:
        self.env = dict(os.environ, HARNESS_HOME=str(home), HARNESS_PROBLEMS_PATH=str(problems),
                        NO_COLOR="1")

    def __call__(self, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
                 ) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*HARNESS, *args], cwd=cwd, env=env or self.env, text=True,
                              capture_output=True, timeout=300, check=False)

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
def harness(tmp_path: Path, problems: Path, harness_home: Path) -> Cli:
    return Cli(harness_home, problems)


def put_solution(problems: Path, workspace: Path) -> None:
    shutil.copy(problems / "demo" / "solution" / "words.py", workspace / "words.py")


def test_whole_session(harness: Cli, problems: Path, tmp_path: Path, harness_home: Path) -> None:
    ws = tmp_path / "ws"
    started = harness.json("start", "demo", "--dir", str(ws))
    assert (ws / "statements" / "01-l1.md").is_file() and (ws / "words.py").is_file()
    assert not (ws / "statements" / "02-l2.md").exists()

    failing = harness("validate", cwd=ws)
    assert failing.returncode == 1, failing.stderr
    assert "NotImplementedError" in failing.stdout and "0/2 visible tests passed" in failing.stdout

    put_solution(problems, ws)
    (ws / "notes.txt").write_text("my notes")
    passing = harness("validate", cwd=ws)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "level l2 unlocked" in passing.stdout
    assert (ws / "statements" / "02-l2.md").is_file()
    assert (ws / "notes.txt").read_text() == "my notes"  # the candidate's files are untouched

    status = harness.json("status", cwd=ws)
    assert status["level"] == "l2" and status["last_validation"] == {"passed": 2, "total": 2}

    second = harness.json("validate", cwd=ws)
    assert second["passed"] == second["total"] == 4 and second["own_tests"]["passed"] == 1

    report = harness.json("submit", cwd=ws)
    assert report["score"] == report["max_score"] == 200
    hidden = [t for t in report["result"]["tests"] if t.get("hidden")]
    assert hidden and all(t["id"] == "(hidden)" for t in hidden)  # names stay hidden
    assert [p["passed"] for p in report["timeline"]] == [0, 2, 4]

    again = harness.json("report", started["session"])
    assert again["score"] == 200
    history = harness.json("history")["sessions"]
    assert [(s["problem"], s["state"], s["score"]) for s in history] == [("demo", "submitted", 200)]
    assert harness("validate", cwd=ws).returncode == 2  # the session has ended
    assert_nothing_left(harness_home)


def assert_nothing_left(home: Path, wait: float = 15) -> None:
    """No container of this HARNESS_HOME survives the session (ready ones included)."""
    import docker

    client = docker.from_env()
    deadline = time.monotonic() + wait
    try:
        while True:
            left = client.containers.list(all=True, filters={"label": f"io.harness.home={home}"})
            if not left or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    finally:
        client.close()
    assert not left, [c.labels for c in left]


def wait_for_bell(home: Path, session: str, timeout: float = 30) -> None:
    flag = home / "sessions" / session / "bell" / "rang"
    deadline = time.monotonic() + timeout
    while not flag.exists():
        assert time.monotonic() < deadline, "the bell did not ring"
        time.sleep(0.5)


def test_bell_freezes_work_and_later_edits_do_not_count(harness: Cli, problems: Path,
                                                        tmp_path: Path, harness_home: Path) -> None:
    ws = tmp_path / "ws"
    started = harness.json("start", "demo", "--dir", str(ws), "--duration-seconds", "4")
    put_solution(problems, ws)
    wait_for_bell(harness_home, started["session"])
    (ws / "words.py").write_text("def count_words(text):\n    return {}\n")  # after the bell

    late = harness("validate", cwd=ws)
    assert late.returncode == 2 and "time is up" in late.stderr
    assert "Traceback" not in late.stderr

    report = harness.json("submit", cwd=ws)
    assert_nothing_left(harness_home)
    level1 = next(level for level in report["levels"] if level["level"] == "l1")
    assert level1["passed"] == level1["total"] == 4, report
    assert "frozen at the bell" in report["note"]


def test_clear_errors(harness: Cli, tmp_path: Path, harness_home: Path) -> None:
    unknown = harness("start", "no-such-problem")
    assert unknown.returncode == 2 and "unknown problem" in unknown.stderr

    outside = harness("validate", cwd=tmp_path)
    assert outside.returncode == 2 and "not inside a harness workspace" in outside.stderr

    ws = tmp_path / "ws"
    harness.json("start", "demo", "--dir", str(ws))
    refused = harness("start", "demo", "--dir", str(ws))
    assert refused.returncode == 2 and "not empty" in refused.stderr

    # the session container vanishes: say so, keep working, offer a way on
    import docker

    session = harness.json("status", cwd=ws)["session"]
    client = docker.from_env()
    for container in client.containers.list(filters={"label": [f"io.harness.session={session}",
                                                               f"io.harness.home={harness_home}"]}):
        container.remove(force=True)
    client.close()
    gone = harness("status", cwd=ws)
    assert gone.returncode == 0 and "harness resume" in gone.stdout
    run = harness("run", "--", "true", cwd=ws)
    assert run.returncode == 3 and "session container is gone" in run.stderr
    assert harness("resume", cwd=ws).returncode == 0
    assert harness("run", "--", "true", cwd=ws).returncode == 0

    # the workspace is deleted while a shell sits in it
    doomed = tmp_path / "doomed"
    doomed.mkdir()
    code = ("import os, subprocess, sys; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]); "
            "sys.exit(subprocess.call([sys.executable, '-m', 'harness.cli', 'status']))")
    deleted = subprocess.run([sys.executable, "-c", code, str(doomed)], env=harness.env,
                             capture_output=True, text=True, timeout=60, check=False)
    assert deleted.returncode == 2 and "no longer exists" in deleted.stderr

    no_docker = harness("start", "demo", "--dir", str(tmp_path / "ws2"),
                        env=dict(harness.env, DOCKER_HOST="unix:///nonexistent.sock"))
    assert no_docker.returncode == 3 and "cannot reach the Docker daemon" in no_docker.stderr
    assert not (tmp_path / "ws2").exists()  # nothing half-made

    for proc in (unknown, outside, refused, run, deleted, no_docker):
        assert "Traceback" not in proc.stderr
    assert harness("abandon", cwd=ws).returncode == 0


def test_html_report_renders_in_headless_chromium(harness: Cli, problems: Path, tmp_path: Path,
                                                  harness_home: Path) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        if os.environ.get("CI") == "true" or os.environ.get("HARNESS_REQUIRE_DOCKER") == "1":
            pytest.fail("chromium is required here (make test installs it)")
        pytest.skip("chromium is not installed")
    ws = tmp_path / "ws"
    harness.json("start", "demo", "--dir", str(ws))
    harness("validate", cwd=ws)
    put_solution(problems, ws)
    harness("validate", cwd=ws)
    harness("submit", cwd=ws)
    page = Path(harness("report", "--html", cwd=ws).stdout.strip())
    assert page.is_file()
    text = page.read_text()
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "") and "https://" not in text
    profile = tmp_path / "chrome-profile"
    flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}"]
    dom = subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120, check=False)
    assert 'id="timeline"' in dom.stdout and dom.stdout.count('class="point"') == 2
    assert "200 / 200" in dom.stdout
    shot = tmp_path / "report.png"
    subprocess.run([*flags, f"--screenshot={shot}", "--window-size=1000,900", page.as_uri()],
                   capture_output=True, timeout=120, check=False)
    assert shot.is_file() and shot.stat().st_size > 5000


def test_validation_uses_a_container_started_ahead(harness: Cli, problems: Path, tmp_path: Path,
                                                   harness_home: Path) -> None:
    """The fast path: a ready container (zygote inside) is claimed, used once, replaced."""
    import docker

    ws = tmp_path / "ws"
    harness.json("start", "demo", "--dir", str(ws))
    put_solution(problems, ws)
    client = docker.from_env()
    flt = {"label": ["io.harness.kind=warm", f"io.harness.home={harness_home}"]}
    try:
        deadline = time.monotonic() + 30
        # sparse: no inspect per container, which a container removed meanwhile turns
        # into NotFound (seen under load)
        while not client.containers.list(filters=flt, sparse=True):
            assert time.monotonic() < deadline, "no ready container was started"
            time.sleep(0.2)
        ready = {c.id for c in client.containers.list(filters=flt, sparse=True)}
        first = harness.json("validate", cwd=ws)
        assert first["passed"] == first["total"] == 2
        deadline = time.monotonic() + 30  # the detached helper removes it; slower under load
        while True:
            used = [c for c in client.containers.list(all=True, filters=flt, sparse=True)
                    if c.id in ready]
            if not used or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert not used, "the used container must be removed, not reused"
        second = harness.json("validate", cwd=ws)  # l2 unlocked: runs on the next ready one
        assert second["passed"] == second["total"] == 4
    finally:
        client.close()
    harness("abandon", cwd=ws)
    assert_nothing_left(harness_home)


AHEAD_TEST = """import words


def test_server_started_ahead():
    assert words.NUMPY_BEFORE_ME
"""


def test_ready_container_starts_the_submission_server_ahead(harness: Cli, problems: Path,
                                                             tmp_path: Path, harness_home: Path) -> None:
    """A ready container also starts the run's first submission server, past Python's
    start-up and the import of numpy (the reference imports it), before the submission
    is there.  The submission sees numpy already imported when its own module loads:
    true on the warm path only; a cold run (`harness grade`) starts its server at the
    first import, with nothing preloaded, so the same test fails there."""
    reference = problems / "demo" / "solution" / "words.py"
    reference.write_text("import numpy  # noqa: F401\n" + reference.read_text())
    (problems / "demo" / "tests" / "visible" / "l1" / "test_ahead.py").write_text(AHEAD_TEST)
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "words.py").write_text('import sys\nNUMPY_BEFORE_ME = "numpy" in sys.modules\n'
                                  + reference.read_text())
    ws = tmp_path / "ws"
    harness.json("start", "demo", "--dir", str(ws))
    shutil.copy(sub / "words.py", ws / "words.py")
    wait_for_ready(harness_home)
    warm = harness.json("validate", cwd=ws)
    assert warm["passed"] == warm["total"] == 3, warm
    harness("abandon", cwd=ws)
    cold = harness.json("grade", "demo", str(sub))["submissions"][0]
    assert (cold["passed"], cold["failed"]) == (8, 1), cold
    assert_nothing_left(harness_home)


def wait_for_ready(home: Path, timeout: float = 60, count: int = 1) -> None:
    """Until ``count`` ready containers of ``home`` run their zygote (slower on a loaded
    machine)."""
    import docker

    client = docker.from_env()
    flt = {"label": ["io.harness.kind=warm", f"io.harness.home={home}"]}
    deadline = time.monotonic() + timeout
    try:
        while len(list((Path(home) / "warm").glob("*/*/free"))) < count:
            assert time.monotonic() < deadline, "no ready container was started"
            time.sleep(0.2)
        assert client.containers.list(filters=flt, sparse=True)
    finally:
        client.close()


def test_racing_validations_unlock_once(harness: Cli, problems: Path, tmp_path: Path,
                                        harness_home: Path) -> None:
    """Two commands on one session at once: both finish, the level unlocks once."""
    import sqlite3

    ws = tmp_path / "ws"
    harness.json("start", "demo", "--dir", str(ws))
    put_solution(problems, ws)
    procs = [subprocess.Popen([*HARNESS, "validate", "--json"], cwd=ws, env=harness.env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [json.loads(p.communicate(timeout=300)[0]) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert sorted(str(o["unlocked"]) for o in outs) == ["None", "l2"]  # exactly one unlocked it
    assert harness.json("status", cwd=ws)["unlocked"] == ["l1", "l2"]
    with sqlite3.connect(harness_home / "harness.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        runs = db.execute("SELECT count(*) FROM runs WHERE kind = 'validate'").fetchone()[0]
    assert runs == 2
    harness("abandon", cwd=ws)


def test_io_run_with_input_shows_the_diff(harness: Cli, tmp_path: Path) -> None:
    """`harness run --input` on a sample of an io problem compares with its .ans."""
    env = dict(harness.env)
    env.pop("HARNESS_PROBLEMS_PATH")  # the shipped problems
    ws = tmp_path / "ws"
    started = subprocess.run([*HARNESS, "start", "latency-report", "--dir", str(ws)], env=env,
                             capture_output=True, text=True, timeout=120, check=False)
    assert started.returncode == 0, started.stderr
    sample = sorted((ws / "samples" / "l1").glob("*.in"))[0]
    root = Path(__file__).resolve().parents[1] / "problems" / "latency-report"
    (ws / "solution.py").write_text((root / "solution" / "solution.py").read_text())
    good = subprocess.run([*HARNESS, "run", "--input", str(sample)], cwd=ws, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert good.returncode == 0 and f"matches {sample.with_suffix('.ans').name}" in good.stdout
    (ws / "solution.py").write_text("print('nothing useful')\n")
    bad = subprocess.run([*HARNESS, "run", "--input", str(sample)], cwd=ws, env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    assert "differs from" in bad.stdout and "nothing useful" in bad.stdout
    outside = subprocess.run([*HARNESS, "run", "--input", "/etc/hostname"], cwd=ws, env=env,
                             capture_output=True, text=True, timeout=120, check=False)
    assert outside.returncode == 2 and "outside the workspace" in outside.stderr
    subprocess.run([*HARNESS, "abandon"], cwd=ws, env=env, capture_output=True, timeout=60,
                   check=False)


def test_status_watch_counts_down_to_the_bell(harness: Cli, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    harness.json("start", "demo", "--dir", str(ws), "--duration-seconds", "3")
    watched = harness("status", "--watch", cwd=ws)
    assert watched.returncode == 0 and "time is up" in watched.stdout
    harness("abandon", cwd=ws)


def test_new_then_check_as_the_readme_says(harness: Cli, tmp_path: Path) -> None:
    """`harness new demo && harness check demo`, literally, in a fresh folder, in Docker."""
    folder = tmp_path / "fresh"
    folder.mkdir()
    assert harness("new", "demo", cwd=folder).returncode == 0
    checked = harness("check", "demo", cwd=folder)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "PASS" in checked.stdout and "FAIL" not in checked.stdout


def test_doctor_reports_a_ready_machine(harness: Cli, tmp_path: Path) -> None:
    report = harness.json("doctor")
    assert report["ok"] is True
    names = {c["check"] for c in report["checks"]}
    assert {"docker daemon", "isolation", "sandbox image"} <= names
    broken = harness("doctor", env=dict(harness.env, DOCKER_HOST="unix:///nonexistent.sock"))
    assert broken.returncode == 3 and "FAIL docker daemon" in broken.stdout
    assert "advice:" in broken.stdout


REACH = """
import os


def _reach(path):
    try:
        os.listdir(path)
    except PermissionError:
        pass
    else:
        return "listed"
    try:
        os.close(os.open(os.path.join(path, "end"), os.O_WRONLY | os.O_CREAT, 0o644))
    except PermissionError:
        return "refused"
    return "written"
"""
BACK_TEST = REACH + """
import words


def test_the_tests_uid_cannot_reach_the_hand_back():
    assert _reach("/job/back") == "refused"


def test_the_submission_cannot_reach_the_hand_back():
    assert words.BACK == "refused"
"""


def test_a_ready_container_hands_its_run_back_without_an_exec(harness: Cli, problems: Path,
                                                              tmp_path: Path,
                                                              harness_home: Path) -> None:
    """Issue 13's cost: after the run the zygote writes the results into a host folder
    (validators/hand_back.py) instead of the host starting a trusted exec to end the
    run and read them (40-60 ms of runc on every validation).  The daemon's own event
    stream shows that no exec is created on a used ready container (with the old
    read-back there was one each); the tests' uid and the submission's, which could
    otherwise end the run early or plant a file, cannot enter the folder."""
    import threading

    import docker

    (problems / "demo" / "tests" / "visible" / "l1" / "test_back.py").write_text(BACK_TEST)
    ws = tmp_path / "ws"
    harness.json("start", "demo", "--dir", str(ws))
    put_solution(problems, ws)
    words = ws / "words.py"
    words.write_text(REACH + 'BACK = _reach("/job/back")\n' + words.read_text())
    wait_for_ready(harness_home, count=2)  # the visible tests' and the candidate's own
    client = docker.from_env()
    flt = {"label": ["io.harness.kind=warm", f"io.harness.home={harness_home}"]}
    ready = {c.id for c in client.containers.list(filters=flt, sparse=True)}
    events = client.events(decode=True, filters={"type": "container",
                                                 "label": f"io.harness.home={harness_home}"})
    seen: list[dict[str, Any]] = []
    reader = threading.Thread(target=lambda: seen.extend(events), daemon=True)
    reader.start()
    try:
        result = harness.json("validate", cwd=ws)
        time.sleep(0.5)
    finally:
        events.close()
        reader.join(10)
        client.close()
    assert result["passed"] == result["total"] == 4, result
    execs = [e for e in seen if e.get("id") in ready and str(e.get("Action", "")).startswith("exec_create")]
    assert not execs, execs
    # the stream did see the daemon's work meanwhile (the next ready container's start)
    assert any(str(e.get("Action", "")).startswith("exec_create") for e in seen), seen
    harness("abandon", cwd=ws)
    assert_nothing_left(harness_home)

"""One hostile submission per row of SANDBOX-THREATS.md, through the real CLI and a real daemon.

Each row asserts the verdict the threat list requires, that the command ended
within its budget, that the harness's own peak memory stayed bounded, and that
nothing was left behind: no labelled container, no scratch folder, no Docker volume,
no new entry in the system temp folder, no live host process tied to the run.  Figures are
printed in the run's closing summary ("figures measured by this run").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
SUITE = HERE / "suite"
SUBS = HERE / "subs"
TIME_LIMIT = 2.0
BUDGET = TIME_LIMIT * 2 + 10 + 25  # the run's own budget, plus the killer's grace and start-up
PEAK_MB = 150  # the harness process, docker-py included

ANY_FAIL = {"failed", "error", "timeout", "memory", "output_limit", "missing"}

# row -> (verdicts test_target may get, verdicts test_module_loads may get)
ROWS: dict[str, tuple[set[str], set[str]]] = {
    # 128 interpreters forking may first dirty enough copy-on-write pages for the OOM
    # killer (then the container's OOM count rose: memory); contained either way.
    "01_fork_bomb": ({"timeout", "error", "memory"}, {"passed", "missing", "timeout", "error"}),
    "02_thread_bomb": ({"timeout", "error"}, {"passed", "missing", "timeout", "error"}),
    "03_memory": ({"memory"}, {"passed", "missing"}),
    "04_fill_tmpfs": ({"passed"}, {"passed"}),
    "05_fill_workspace": ({"passed"}, {"passed"}),
    "06_many_files": ({"passed"}, {"passed"}),
    "07_output_flood": ({"output_limit"}, {"passed", "missing"}),
    "08_busy_loop": ({"timeout"}, {"passed"}),
    "09_sleep": ({"timeout"}, {"passed"}),
    # In process mode (the default) a submission that kills or stops its own process costs
    # only the test that did it: the next test gets a fresh submission process (issue 17).
    "10_ignore_signals": ({"timeout"}, {"missing", "passed"}),
    "11_background_process": ({"passed"}, {"passed"}),
    "12_zombies": ({"passed"}, {"passed"}),
    "13_network": ({"passed"}, {"passed"}),
    "14_secrets": ({"passed"}, {"passed"}),
    "15_privileges": ({"passed"}, {"passed"}),
    "17_fake_results": ({"failed"}, {"passed"}),
    "18_config_tamper": ({"failed"}, {"passed"}),
    "19_exit_in_test": ({"error"}, {"missing", "passed"}),
    "20_exit_at_import": ({"error"}, {"error"}),
    "21_forged_results": ({"error", "missing"}, {"missing", "passed"}),
    "22_always_equal": ({"failed"}, {"passed"}),
    # Process mode: the submission's uid cannot even reach the results folder (error).
    "23_symlink_results": ({"missing", "error"}, {"missing", "passed"}),
    "24_weird_output": ({"error"}, {"passed"}),
    "25_leftovers": ({"passed"}, {"passed"}),
    "26_many_fds": ({"passed"}, {"passed"}),
}


def run_cli(args: list[str], env: dict[str, str], timeout: float) -> tuple[int, str, str, float, float]:
    """(exit code, stdout, stderr, seconds, peak MiB of the harness process)."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as out_f, tempfile.TemporaryFile() as err_f:
        proc = subprocess.Popen([sys.executable, "-m", "harness.cli", *args], env=env,
                                stdout=out_f, stderr=err_f)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        # wait4 reaps this one child and gives its own peak RSS (not the maximum over
        # every child this test process ever had).
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.monotonic() - started
        if elapsed >= timeout:
            pytest.fail(f"harness did not end within {timeout:.0f} s")
        out_f.seek(0)
        err_f.seek(0)
        out, err = out_f.read().decode(), err_f.read().decode()
    return proc.returncode, out, err, elapsed, usage.ru_maxrss / 1024


def verdicts(doc: dict[str, Any]) -> dict[str, str]:
    return {t["id"].split("::")[-1]: t["verdict"] for t in doc["tests"]}


def leftovers(home: Path) -> list[str]:
    """Containers this test's harness runs created and left, and scratch folders."""
    import docker

    client = docker.from_env()
    try:
        stray = [c.name for c in client.containers.list(
            all=True, filters={"label": f"io.harness.home={home}"})]
    finally:
        client.close()
    runs = home / "runs"
    return stray + ([str(p) for p in runs.iterdir()] if runs.is_dir() else [])


def host_processes_of(home: Path) -> list[str]:
    """Live host processes that belong to this test's runs: started with its
    HARNESS_HOME, or running in or naming a folder under it."""
    mark = str(home).encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            cmdline = (entry / "cmdline").read_bytes()
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue  # gone, or a zombie
        if mark in environ or mark in cmdline or cwd.startswith(str(home)):
            argv = cmdline.replace(b"\0", b" ")[:200]
            found.append(f"pid {entry.name}: {argv!r}")
    return found


class Traces:
    """What exists before a run, to find what the run added outside its own folders:
    Docker volumes, entries in the system temp folder."""

    def __init__(self) -> None:
        self.volumes = self._volumes()
        self.temp = set(os.listdir(tempfile.gettempdir()))

    @staticmethod
    def _volumes() -> set[str]:
        import docker

        client = docker.from_env()
        try:
            return {v.name for v in client.volumes.list()}
        finally:
            client.close()

    def added(self, home: Path) -> list[str]:
        new_volumes = self._volumes() - self.volumes
        new_temp = set(os.listdir(tempfile.gettempdir())) - self.temp
        return ([f"volume {v}" for v in sorted(new_volumes)]
                + [f"temp entry {t}" for t in sorted(new_temp)] + host_processes_of(home))


@pytest.fixture
def env(harness_home: Path) -> dict[str, str]:
    return dict(os.environ, HARNESS_HOME=str(harness_home), NO_COLOR="1",
                MY_API_SECRET="s3cr3t-value", HARNESS_BACKEND="docker")


def grade_row(row: str, env: dict[str, str], backend: str = "docker",
              as_json: bool = True) -> tuple[dict[str, Any] | str, float, float]:
    args = ["--backend", backend, "run-suite", str(SUBS / row), str(SUITE),
            "--time-limit", str(TIME_LIMIT), "--memory", "256"] + (["--json"] if as_json else [])
    code, out, err, elapsed, peak = run_cli(args, env, timeout=BUDGET + 30)
    assert code in (0, 1), f"exit {code}: {err}"
    assert "Traceback" not in err
    return (json.loads(out) if as_json else out), elapsed, peak


@pytest.mark.docker
@pytest.mark.parametrize("row", sorted(ROWS))
def test_threat_row(row: str, env: dict[str, str], harness_home: Path, figure: Any) -> None:
    traces = Traces()
    doc, elapsed, peak = grade_row(row, env)
    assert isinstance(doc, dict)
    got = verdicts(doc)
    target_ok, loads_ok = ROWS[row]
    assert got["test_target"] in target_ok, doc
    assert got["test_module_loads"] in loads_ok, doc
    assert elapsed < BUDGET, f"took {elapsed:.1f} s"
    assert peak < PEAK_MB, f"harness peak memory {peak:.0f} MiB"
    assert not leftovers(harness_home), leftovers(harness_home)
    assert not traces.added(harness_home), traces.added(harness_home)
    figure(f"threat row {row}: {got['test_target']} in {elapsed:.2f} s, "
           f"harness peak {peak:.0f} MiB")


@pytest.mark.docker
def test_exit_at_import_message_says_why(env: dict[str, str]) -> None:
    doc, _, _ = grade_row("20_exit_at_import", env)
    assert isinstance(doc, dict)
    assert all("exit or crash" in t["message"] or "SystemExit" in t["message"]
               for t in doc["tests"]), doc


@pytest.mark.docker
def test_weird_output_is_shown_safely(env: dict[str, str]) -> None:
    text, _, _ = grade_row("24_weird_output", env, as_json=False)
    assert isinstance(text, str)
    assert "\x1b[2J" not in text and "\x00" not in text and "\x1b]0;" not in text
    assert "\\x1b" in text  # shown as an escape, not interpreted


@pytest.mark.docker
def test_leftovers_never_reach_the_next_run(env: dict[str, str]) -> None:
    for _ in range(2):
        doc, _, _ = grade_row("25_leftovers", env)
        assert isinstance(doc, dict) and verdicts(doc)["test_target"] == "passed"


@pytest.mark.docker
def test_hidden_tests_unreadable_during_validate(env: dict[str, str], tmp_path: Path) -> None:
    """Row 16: a submission that searches the whole file system for hidden tests."""
    problems = tmp_path / "problems"
    subprocess.run([sys.executable, "-m", "harness.cli", "new", "demo", "--into", str(problems)],
                   check=True, capture_output=True, env=env)
    env = dict(env, HARNESS_PROBLEMS_PATH=str(problems))
    ws = tmp_path / "ws"
    code, _, err, _, _ = run_cli(["start", "demo", "--dir", str(ws)], env, timeout=120)
    assert code == 0, err
    (ws / "words.py").write_text((HERE / "searcher.py").read_text())
    code, out, err, _, _ = run_cli(["validate", "--dir", str(ws), "--json"], env, timeout=120)
    doc = json.loads(out)
    assert code == 0, doc  # passing means the marker of the hidden tests was not found
    # The positive control: the same search does find a hidden test's name where one is
    # readable (a copy planted in the workspace), so the pass above means something.
    (ws / "notes").mkdir()
    (ws / "notes" / "copied.txt").write_text("def test_k_larger_than_vocabulary(): ...\n")
    code, out, err, _, _ = run_cli(["validate", "--dir", str(ws), "--json"], env, timeout=120)
    assert code == 1, out  # found: the searcher answers wrongly on purpose
    code, out, err, _, _ = run_cli(["abandon", "--dir", str(ws)], env, timeout=60)
    assert code == 0


LOCAL_ROWS = {
    "03_memory": {"memory"},  # enforced by an address-space limit
    "07_output_flood": {"output_limit"},
    "08_busy_loop": {"timeout"},
    "09_sleep": {"timeout"},
    "10_ignore_signals": {"timeout"},
    "17_fake_results": {"failed"},
    "18_config_tamper": {"failed"},
    "19_exit_in_test": {"error"},
    "20_exit_at_import": {"error"},
    "22_always_equal": {"failed"},
    "24_weird_output": {"error"},
}


@pytest.mark.parametrize("row", sorted(LOCAL_ROWS))
def test_threat_row_local_backend(row: str, env: dict[str, str], harness_home: Path,
                                  figure: Any) -> None:
    """The rows the local backend can honestly judge; it always says it is not isolated."""
    before = set(os.listdir(tempfile.gettempdir()))
    doc, elapsed, peak = grade_row(row, env, backend="local")
    assert isinstance(doc, dict)
    assert verdicts(doc)["test_target"] in LOCAL_ROWS[row], doc
    assert doc["isolated"] is False and any("NOT isolated" in n for n in doc["notes"])
    assert elapsed < BUDGET
    assert not host_processes_of(harness_home), host_processes_of(harness_home)
    assert set(os.listdir(tempfile.gettempdir())) <= before
    runs = harness_home / "runs"
    assert not runs.is_dir() or not list(runs.iterdir())
    figure(f"local backend row {row}: {verdicts(doc)['test_target']} in {elapsed:.2f} s, "
           f"harness peak {peak:.0f} MiB")


def test_leftover_detector_sees_a_process_left_in_the_home(tmp_path: Path) -> None:
    """The process check above can fail: a live process running in the home is found."""
    home = tmp_path / "home"
    (home / "runs").mkdir(parents=True)
    child = subprocess.Popen(["sleep", "30"], cwd=home / "runs")
    try:
        assert any(f"pid {child.pid}:" in p for p in host_processes_of(home))
    finally:
        child.kill()
        child.wait()
    assert not host_processes_of(home)

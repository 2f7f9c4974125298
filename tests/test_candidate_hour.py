"""The rough edges a new candidate hit (issue 13), each through the real CLI (click's
runner, in process) on the local backend where Docker is not needed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROBLEMS = ROOT / "problems"


@pytest.fixture
def demo(cli: Any, tmp_path: Path) -> Path:
    """A scaffolded two-level problem in its own problems folder."""
    folder = tmp_path / "problems"
    assert cli("new", "demo", "--into", str(folder)).code == 0
    return folder


def start(cli: Any, problems: Path | None, ws: Path, problem: str = "demo") -> str:
    extra = ("--problems-dir", str(problems)) if problems else ()
    result = cli("--backend", "local", *extra, "start", problem, "--dir", str(ws), "--json")
    assert result.code == 0, result
    return str(json.loads(result.out)["session"])


def local(cli: Any, *args: str) -> Any:
    return cli("--backend", "local", *args)


# 1. io problems' own starter test passes under validate, as with plain pytest.
@pytest.mark.parametrize("problem", ["latency-report", "billing-intervals"])
def test_io_starter_test_passes_under_validate(cli: Any, tmp_path: Path, problem: str) -> None:
    ws = tmp_path / "ws"
    start(cli, None, ws, problem)
    shutil.copy(PROBLEMS / problem / "solution" / "solution.py", ws / "solution.py")
    result = local(cli, "validate", "--dir", str(ws), "--json")
    own = json.loads(result.out)["own_tests"]
    assert own is not None, result
    assert own["passed"] == own["total"] >= 1, own["tests"]


# 3. show wraps statement lines; it never cuts them at 80 columns.
def test_show_wraps_and_never_cuts(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("show", "tokenize-and-index")
    assert result.code == 0
    words = " ".join(result.out.split())
    assert "then replace every \u2019 (U+2019, right single quotation mark)" in words
    assert "\uff21\uff22\uff23 déjà-vu v2.0." in words  # the end of the example's long code line


# 4. completion of problem ids for start (as for show), and of session ids.
def test_start_completes_problem_ids() -> None:
    from click.shell_completion import ShellComplete

    from harness.cli import cli as group

    complete = ShellComplete(group, {}, "harness", "_HARNESS_COMPLETE")
    for command in ("show", "start"):
        assert "kv-store" in [c.value for c in complete.get_completions([command], "kv")]


# 5. after abandon, no hint points in a circle.
def test_hints_after_abandon_lead_somewhere(cli: Any, demo: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    session = start(cli, demo, ws)
    assert cli("abandon", "--dir", str(ws)).code == 0
    validate = local(cli, "validate", "--dir", str(ws))
    report = cli("report", session)
    submit = local(cli, "submit", "--dir", str(ws))
    for result in (validate, report, submit):
        assert result.code == 2, result
        assert "abandoned" in result.err, result
        assert "harness start demo" in result.err, result
        assert "report shows" not in result.err and "submit writes" not in result.err


# 6. report of an unknown session says so.
def test_report_of_unknown_session(cli: Any) -> None:
    result = cli("report", "nosuch")
    assert result.code == 2
    assert "error: no session nosuch" in result.err
    assert "hint: `harness history`" in result.err


# 7. a deleted workspace: abandon and resume take a session id; status/history say so.
def test_deleted_workspace_can_be_ended(cli: Any, demo: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    ws = tmp_path / "ws"
    session = start(cli, demo, ws)
    shutil.rmtree(ws)
    monkeypatch.chdir(tmp_path)
    rows = json.loads(cli("history", "--json").out)["sessions"]
    assert rows[0]["workspace_gone"] and rows[0]["state"] == "running"
    assert "(workspace" in cli("history").out and "gone)" in cli("history").out
    status = cli("status")
    said = " ".join(status.err.split())  # rich wraps long paths; the words are what count
    assert status.code == 2
    assert f"session {session}" in said and "is gone" in said
    assert "harness abandon" in said
    resume = cli("resume", session)
    assert resume.code == 2 and "is gone" in " ".join(resume.err.split())
    assert cli("abandon", session).code == 0
    assert "abandoned" in cli("history").out
    assert "workspace gone" not in cli("history").out


# 9. one rule: 0 only for full marks; 1 whenever a scored test did not pass.
def test_full_marks_exit_0_and_partial_exit_1(cli: Any, demo: Path, tmp_path: Path) -> None:
    full, partial = tmp_path / "full", tmp_path / "partial"
    done = start(cli, demo, full)
    shutil.copy(demo / "demo" / "solution" / "words.py", full / "words.py")
    assert local(cli, "validate", "--dir", str(full)).code == 0  # l1 passes, l2 unlocks
    assert local(cli, "submit", "--dir", str(full)).code == 0  # 200/200
    assert cli("report", done).code == 0
    half = start(cli, demo, partial)
    reference = (demo / "demo" / "solution" / "words.py").read_text()
    (partial / "words.py").write_text(reference.split("def top_words")[0] +
                                      "def top_words(text, k):\n    raise NotImplementedError\n")
    assert local(cli, "validate", "--dir", str(partial)).code == 0  # l1 passes, l2 unlocks
    submit = local(cli, "submit", "--dir", str(partial))
    assert submit.code == 1, submit  # 100/200
    assert "score 100/200" in submit.out
    assert cli("report", half).code == 1


# 10. history never cuts a session id at 80 columns.
def test_history_keeps_whole_session_ids(cli: Any, demo: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    session = start(cli, demo, tmp_path / "a-rather-long-workspace-name")
    assert session in cli("history").out


# 13. validate from the folder above a workspace points to the workspace.
def test_validate_above_a_workspace_points_to_it(cli: Any, demo: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    ws = tmp_path / "ws"
    session = start(cli, demo, ws)
    monkeypatch.chdir(tmp_path)
    result = local(cli, "validate")
    assert result.code == 2
    assert f"session {session} runs in {ws}" in result.err
    assert f"hint: cd {ws}" in result.err


# 14. a pytest-mode failure shows the failing line and both sides in full, in the sandbox.
@pytest.mark.docker
def test_failure_message_is_the_full_diff(cli: Any) -> None:
    data = ROOT / "tests" / "data"
    result = cli("run-suite", str(data / "subs" / "tokens_wrong"), str(data / "suites" / "longdiff"),
                 "--json")
    assert result.code == 1, result
    message = json.loads(result.out)["tests"][0]["message"]
    assert message.startswith("failing line: assert tokenize(TEXT) == ")
    assert "Use -v" not in message and "..." not in message
    assert "'word59'" in message and "'1,000'" in message  # both sides, to the end


# 12. the demo writes no escape codes into a pipe.
@pytest.mark.docker
@pytest.mark.slow
def test_demo_prints_plain_text_into_a_pipe(harness_home: Path) -> None:
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {
        "HARNESS_HOME": str(harness_home)}
    proc = subprocess.run(["bash", str(ROOT / "tests" / "demo.sh")], capture_output=True,
                          text=True, env=env, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "==> harness submit" in proc.stdout
    assert "\x1b" not in proc.stdout, [line for line in proc.stdout.splitlines() if "\x1b" in line]


# 8. run --input exits 1 when the output differs from the .ans; a missing input is an error.
@pytest.mark.docker
def test_run_input_exit_codes(cli: Any, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    result = cli("start", "latency-report", "--dir", str(ws), "--json")
    assert result.code == 0, result
    sample = sorted((ws / "samples").rglob("*.in"))[0]
    try:
        (ws / "solution.py").write_text("print('a wrong answer')\n")  # exits 0
        wrong = cli("run", "--dir", str(ws), "--input", str(sample))
        assert wrong.code == 1, wrong
        assert "differs from" in wrong.out
        shutil.copy(PROBLEMS / "latency-report" / "solution" / "solution.py", ws / "solution.py")
        right = cli("run", "--dir", str(ws), "--input", str(sample))
        assert right.code == 0, right
        assert "matches" in right.out
        missing = cli("run", "--dir", str(ws), "--input", str(ws / "samples" / "nosuch.in"))
        assert missing.code == 2, missing
        assert "error: no input file" in missing.err and "hint:" in missing.err
    finally:
        cli("abandon", "--dir", str(ws))


# Also build: the clock where the candidate looks.
def test_status_prompt_line(cli: Any, demo: Path, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    ws = tmp_path / "ws"
    start(cli, demo, ws)
    result = cli("status", "--prompt", "--dir", str(ws))
    assert result.code == 0
    assert re.fullmatch(r"demo l1 0:[0-5]\d:[0-5]\d\n", result.out), result.out
    monkeypatch.chdir(tmp_path)
    outside = cli("status", "--prompt")
    assert outside.code == 0 and outside.out == "" and outside.err == ""


def test_status_prompt_loads_no_heavy_module(cli: Any, demo: Path, tmp_path: Path,
                                             harness_home: Path) -> None:
    import os
    import subprocess
    import sys

    ws = tmp_path / "ws"
    start(cli, demo, ws)
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "harness.cli", "status",
                           "--prompt"], cwd=ws, capture_output=True, text=True, check=True,
                          env=dict(os.environ, HARNESS_HOME=str(harness_home)))
    assert proc.stdout.startswith("demo l1 ")
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines()}
    heavy = {name for name in imported
             if name.split(".")[0] in {"docker", "pydantic", "jsonschema", "rich", "yaml"}}
    assert not heavy, heavy


# Also build: the visible tests in the workspace, read-only, refreshed on unlock, never hidden.
def test_visible_tests_in_the_workspace(cli: Any, demo: Path, tmp_path: Path) -> None:
    import stat
    import subprocess
    import sys

    ws = tmp_path / "ws"
    start(cli, demo, ws)
    visible = ws / "tests" / "visible"
    first = sorted(p.relative_to(visible).as_posix() for p in visible.rglob("*.py"))
    package = demo / "demo" / "tests"
    assert first == sorted(f"l1/{p.name}" for p in (package / "visible" / "l1").glob("*.py"))
    assert all(not (p.stat().st_mode & stat.S_IWUSR) for p in visible.rglob("*.py"))
    copy = visible / first[0]
    copy.chmod(0o644)
    copy.write_text("tampered = True\n")
    shutil.copy(demo / "demo" / "solution" / "words.py", ws / "words.py")
    result = local(cli, "validate", "--dir", str(ws))
    assert result.code == 0 and "tests/visible/l2/" in result.out
    assert copy.read_text() == (package / "visible" / first[0]).read_text()  # refreshed
    assert (visible / "l2").is_dir()
    hidden_names = {p.name for p in package.joinpath("hidden").rglob("*.py")}
    assert not hidden_names & {p.name for p in ws.rglob("*.py")}
    # the candidate's own pytest runs them as they are checked
    own = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "tests"], cwd=ws, capture_output=True, text=True, check=False)
    assert own.returncode == 0, own.stdout[-2000:]
    # and validate does not count them as the candidate's own tests
    data = json.loads(local(cli, "validate", "--dir", str(ws), "--json").out)
    assert all("visible" not in t["id"].split("/", 2)[-1] for t in data["own_tests"]["tests"])


# Also build: after submit the report says what failed and why; --reveal shows hidden tests.
def test_report_says_what_failed_and_reveals_after(cli: Any, demo: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    session = start(cli, demo, ws)
    reference = (demo / "demo" / "solution" / "words.py").read_text()
    (ws / "words.py").write_text(reference.split("def top_words")[0] +
                                 "def top_words(text, k):\n    return []\n")
    assert local(cli, "validate", "--dir", str(ws)).code == 0  # l1 passes, l2 unlocks
    submit = local(cli, "submit", "--dir", str(ws))
    assert submit.code == 1
    l2 = " ".join(submit.out.split("level l2: 0/100 points")[1].split("score")[0].split())
    assert "failed: test_" in l2 and "failing line: assert" in l2  # which test, and why
    assert "hidden: " in l2 and "failed" in l2.split("hidden: ")[1]  # hidden: counts only
    hidden_ids = [t["id"] for t in json.loads(cli("report", session, "--json", "--reveal").out)
                  ["result"]["tests"] if t["hidden"] and t["verdict"] != "passed"]
    assert hidden_ids
    hidden_name = hidden_ids[0].split("::")[-1]
    assert hidden_name not in cli("report", session).out
    revealed = cli("report", session, "--reveal")
    assert hidden_name in revealed.out and "assert [] ==" in revealed.out.split(hidden_name, 1)[1]


# 11. the HTML report: counts as the terminal says them, locked levels, time axis, times, date.
def test_html_report_says_what_the_terminal_says(cli: Any, demo: Path, tmp_path: Path) -> None:
    import re

    locked_ws, unlocked_ws = tmp_path / "a", tmp_path / "b"
    locked = start(cli, demo, locked_ws)
    submit = local(cli, "submit", "--dir", str(locked_ws))  # the starter: l1 errors, l2 locked
    terminal = re.search(r"\d+ hidden test\(s\): [a-z0-9, _]+", submit.out)
    assert terminal
    page = Path(cli("report", locked, "--html").out.strip()).read_text()
    assert terminal.group(0).strip() in page
    assert "not unlocked" in page and "0/0 tests" not in page
    assert page.count('class="tick"') >= 3  # a labelled time axis
    assert re.search(r"started \d{4}-\d\d-\d\d \d\d:\d\d UTC", page)
    assert re.search(r"\d+\.\d\d s of \d+ s", page)  # test time against its limit
    unlocked = start(cli, demo, unlocked_ws)
    shutil.copy(demo / "demo" / "solution" / "words.py", unlocked_ws / "words.py")
    assert local(cli, "validate", "--dir", str(unlocked_ws)).code == 0
    local(cli, "submit", "--dir", str(unlocked_ws))
    page = Path(cli("report", unlocked, "--html").out.strip()).read_text()
    assert re.search(r"unlocked at \d+\.\d min", page)


# The new command is in --help and in completion.
def test_watch_in_help_and_completion(cli: Any) -> None:
    from click.shell_completion import ShellComplete

    from harness.cli import cli as group

    assert "harness watch" in cli("--help").out
    assert "Re-validate on every save" in cli("watch", "--help").out
    complete = ShellComplete(group, {}, "harness", "_HARNESS_COMPLETE")
    assert [c.value for c in complete.get_completions([], "wat")] == ["watch"]
    assert "--prompt" in [c.value for c in complete.get_completions(["status"], "--p")]


def test_prompt_script_skips_click(cli: Any, demo: Path, tmp_path: Path, harness_home: Path) -> None:
    """The `harness` script a shell prompt runs answers without loading click at all."""
    import os
    import subprocess
    import sys

    ws = tmp_path / "ws"
    start(cli, demo, ws)
    script = Path(sys.executable).parent / "harness"
    proc = subprocess.run([str(script), "status", "--prompt"], cwd=ws, capture_output=True,
                          text=True, check=True,
                          env=dict(os.environ, HARNESS_HOME=str(harness_home),
                                   PYTHONPROFILEIMPORTTIME="1"))
    assert proc.stdout.startswith("demo l1 ")
    imported = {line.split("|")[-1].strip().split(".")[0] for line in proc.stderr.splitlines()}
    assert "click" not in imported and "harness" in imported

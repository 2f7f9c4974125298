"""The typed session report: round trip, hidden tests, the exit-code rule (issue 12)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from harness.errors import EXIT_FAILED, EXIT_OK, StateError
from harness.report import score_levels, suite_json
from harness.report_html import render_html
from harness.report_summary import level_lines
from harness.session_report import (
    Report,
    SessionFacts,
    build_report,
    load_report,
    report_exit_code,
    save_report,
)
from harness.store import StoredRun
from harness.verdicts import SuiteResult, TestResult, Verdict

ROOT = Path(__file__).resolve().parents[1]
# The keys of report.json, in order, as every version so far wrote them.
KEYS = ["session", "problem", "title", "score", "max_score", "levels", "time_used_seconds",
        "duration_minutes", "note", "result", "started", "time_limit", "unlocks", "timeline"]


def _suite(*, hidden_verdict: Verdict = Verdict.PASSED, message: str = "") -> SuiteResult:
    return SuiteResult(tests=(
        TestResult("l1/visible/test_a.py::test_one", "l1", Verdict.PASSED, 0.01234),
        TestResult("l1/hidden/test_secret.py::test_edge", "l1", hidden_verdict, 0.5,
                   message=message or "assert 1 == 2", output="printed", hidden=True),
        TestResult("l2/visible/test_b.py::test_two", "l2", Verdict.PASSED, 0.2),
    ), isolated=True, duration=1.5, notes=("a note",))


def _report(suite: SuiteResult, points: dict[str, float] | None = None) -> Report:
    facts = SessionFacts(session="s1", problem="demo", title="Demo <b>", started=1000.0,
                         deadline=4600.0, time_limit=2.0, note="graded the workspace")
    runs = [StoredRun("validate", 1100.0, 1, 2, "{}"), StoredRun("validate", 1700.0, 3, 3, "{}")]
    return build_report(facts, score_levels(suite, points or {"l1": 100, "l2": 50}),
                        suite_json(suite, reveal=True), {"l2": 700.0}, runs, ended=2000.0)


def test_round_trip_is_byte_for_byte(tmp_path: Path) -> None:
    report = _report(_suite(hidden_verdict=Verdict.FAILED))
    path = save_report(tmp_path / "report.json", report)
    text = path.read_text()
    loaded = load_report(path)
    assert loaded == report
    assert json.dumps(loaded.to_json(), indent=2) == text
    doc = json.loads(text)
    assert list(doc) == KEYS
    assert doc["levels"][0] == {"level": "l1", "points": 100, "earned": 50.0, "passed": 1, "total": 2}
    assert doc["timeline"] == [{"at": 100.0, "passed": 1, "total": 2},
                               {"at": 700.0, "passed": 3, "total": 3}]
    assert doc["max_score"] == 150 and isinstance(doc["max_score"], int)  # as the spec's points
    assert list(doc["result"]["tests"][1]) == ["id", "level", "verdict", "duration", "message",
                                                "output", "hidden"]


def test_hidden_tests_are_counts_unless_revealed() -> None:
    report = _report(_suite(hidden_verdict=Verdict.FAILED, message="the secret input 12345"))
    shown = report.to_json(reveal=False)["result"]["tests"]
    assert shown[1] == {"id": "(hidden)", "level": "l1", "verdict": "failed", "hidden": True}
    assert shown[0]["id"] == "l1/visible/test_a.py::test_one"
    revealed = report.to_json(reveal=True)["result"]["tests"][1]
    assert revealed["id"] == "l1/hidden/test_secret.py::test_edge"
    html = render_html(report)
    assert "test_secret" not in html and "12345" not in html
    assert "1 hidden test(s): 1 failed" in html
    assert "test_secret" in render_html(report, reveal=True)
    lines = level_lines(report, reveal=False)
    assert lines[0] == "level l1: 50/100 points (1/2 tests) - hidden: 1 failed"
    assert "test_edge (failed: the secret input 12345)" in level_lines(report, reveal=True)[0]


def test_exit_code_is_zero_only_for_full_marks_and_every_test_passed() -> None:
    assert report_exit_code(_report(_suite())) == EXIT_OK
    assert report_exit_code(_report(_suite(hidden_verdict=Verdict.ERROR))) == EXIT_FAILED
    # Full marks on the levels scored, but a test outside them failed: still 1.
    partial = _report(_suite(hidden_verdict=Verdict.FAILED), points={"l2": 50})
    assert partial.score == partial.max_score
    assert report_exit_code(partial) == EXIT_FAILED


def test_a_long_message_is_cut_once_with_the_right_count(tmp_path: Path) -> None:
    """The result was bounded twice before the report was typed: the saved message then
    said '[... 40 more characters not stored]' for a message thousands longer."""
    report = _report(_suite(hidden_verdict=Verdict.FAILED, message="x" * 5000))
    saved = load_report(save_report(tmp_path / "report.json", report))
    message = saved.result.tests[1].message
    assert message.endswith("[... 3000 more characters not stored]"), message[-60:]
    assert message.count("not stored") == 1


def test_a_damaged_report_is_a_state_error(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text('{"session": "s1", "problem": "demo"}')
    with pytest.raises(StateError, match="damaged"):
        load_report(path)


@pytest.mark.parametrize("module", ["session_flow.py", "session_container.py",
                                    "session_results.py"])
def test_session_commands_have_no_backend_name_branches(module: str) -> None:
    """What differs between backends is carried by the SessionHost (``isolated``,
    ``containers``) and sandbox.session_backend, never by a comparison with a name."""
    tree = ast.parse((ROOT / "harness" / "commands" / module).read_text())
    named = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Compare)
             and any(isinstance(c, ast.Constant) and c.value in ("docker", "local")
                     for c in [node.left, *node.comparators])]
    assert not named, f"backend names compared on lines {named}"


def test_the_chosen_backend_only_ever_lowers_isolation() -> None:
    from harness.sandbox import session_backend

    assert session_backend("docker", "docker") == "docker"
    assert session_backend("docker", "local") == "local"  # --backend local on a docker session
    assert session_backend("local", "docker") == "local"  # the default never isolates a local one
    assert session_backend("local", "local") == "local"


def test_stored_runs_read_back_as_typed_tests_and_give_unlock_times() -> None:
    """A stored run's tests are TestResult values; an entry the harness cannot read (a
    damaged or older row) is left out, never a crash of `report` or `history`."""
    from harness.report_summary import unlock_times

    def row(at: float, *entries: object) -> StoredRun:
        return StoredRun("validate", at, 0, len(entries), json.dumps({"tests": list(entries)}))

    passed = {"id": "l1/a", "level": "l1", "verdict": "passed", "duration": 0.1}
    failed = {**passed, "verdict": "failed", "message": "no"}
    runs = [row(1010.0, failed), row(1020.0, passed, {"id": "x", "verdict": "bogus"}, "junk"),
            StoredRun("validate", 1030.0, 0, 0, "not json")]
    tests = runs[1].tests()
    assert tests == (TestResult("l1/a", "l1", Verdict.PASSED, duration=0.1),)
    assert runs[0].tests()[0].message == "no" and runs[2].tests() == ()
    assert unlock_times(runs, ["l1", "l2"], 1000.0) == {"l2": 20.0}

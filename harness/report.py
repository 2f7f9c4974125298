"""Render results: terminal tables, JSON documents.  Hidden tests stay counts unless revealed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from harness.verdicts import LevelScore, SuiteResult, TestResult, Verdict

__all__ = ["STYLE", "print_suite", "result_from_json", "safe_text", "score_levels", "suite_json"]

# How much of a failure's message the terminal shows (characters, lines): enough for
# both sides of a comparison in full, as the sandbox sends them (validators.results).
MESSAGE_SHOWN = (8000, 120)

STYLE = {
    Verdict.PASSED: "green", Verdict.FAILED: "red", Verdict.ERROR: "red",
    Verdict.TIMEOUT: "yellow", Verdict.MEMORY: "yellow", Verdict.OUTPUT_LIMIT: "yellow",
    Verdict.MISSING: "magenta",
}


def safe_text(text: str, limit: int = 4000) -> str:
    """Printable text: control characters (ANSI escapes, NUL) shown as escapes."""
    text = text[:limit]
    return "".join(c if c.isprintable() or c in "\n\t" else f"\\x{ord(c):02x}" for c in text)


def score_levels(result: SuiteResult, points: dict[str, float]) -> list[LevelScore]:
    """Points per level times the share of its tests passed."""
    out = []
    for level, value in points.items():
        tests = result.for_level(level)
        passed = sum(t.passed for t in tests)
        earned = value * passed / len(tests) if tests else 0.0
        out.append(LevelScore(level, value, round(earned, 2), passed, len(tests)))
    return out


def _test_json(test: TestResult, reveal: bool) -> dict[str, Any]:
    if test.hidden and not reveal:
        return {"id": "(hidden)", "level": test.level, "verdict": test.verdict.value,
                "hidden": True}
    return {"id": test.id, "level": test.level, "verdict": test.verdict.value,
            "duration": round(test.duration, 4), "message": test.message, "output": test.output,
            "hidden": test.hidden}


def suite_json(result: SuiteResult, *, reveal: bool = False) -> dict[str, Any]:
    return {
        "passed": result.passed, "total": len(result.tests), "counts": result.counts(),
        "isolated": result.isolated, "duration": round(result.duration, 3),
        "notes": list(result.notes),
        "tests": [_test_json(t, reveal) for t in result.tests],
    }


def _levels(result: SuiteResult) -> list[str]:
    seen: list[str] = []
    for test in result.tests:
        if test.level not in seen:
            seen.append(test.level)
    return seen


def _hidden_summary(tests: Sequence[TestResult]) -> str:
    counts: dict[str, int] = {}
    for test in tests:
        counts[test.verdict.value] = counts.get(test.verdict.value, 0) + 1
    parts = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
    return f"{len(tests)} hidden test(s): {parts}"


def print_suite(result: SuiteResult, *, reveal: bool = False, title: str = "") -> None:
    """Per-test verdicts grouped by level; failures with their message and output."""
    from rich.table import Table

    from harness.output import console

    out = console()
    for level in _levels(result):
        tests = result.for_level(level)
        shown = [t for t in tests if reveal or not t.hidden]
        hidden = [t for t in tests if t.hidden and not reveal]
        passed = sum(t.passed for t in tests)
        table = Table(title=f"{title}level {level}: {passed}/{len(tests)} passed",
                      title_justify="left", show_edge=False, pad_edge=False)
        table.add_column("verdict", no_wrap=True)
        table.add_column("test")
        table.add_column("time", justify="right", no_wrap=True)
        for test in shown:
            name = test.id.split("/", 2)[-1]
            table.add_row(f"[{STYLE[test.verdict]}]{test.verdict.value}[/]", safe_text(name, 200),
                          f"{test.duration:.2f}s")
        if hidden:
            table.add_row("[dim]hidden[/]", _hidden_summary(hidden), "")
        out.print(table)
        for test in shown:
            if not test.passed:
                _print_failure(test)
    if not result.isolated:
        out.print("[yellow]note: local backend, NOT isolated: the code ran as you, unsandboxed[/]")
    for note in result.notes:
        if "NOT isolated" not in note:
            out.print(f"[yellow]note:[/] {safe_text(note, 500)}")


def _print_failure(test: TestResult) -> None:
    from rich.markup import escape

    from harness.output import console

    out = console()
    out.print(f"  [bold]{escape(safe_text(test.id.split('/', 2)[-1], 200))}[/] "
              f"[{STYLE[test.verdict]}]{test.verdict.value}[/]")
    if test.message:
        for line in safe_text(test.message, MESSAGE_SHOWN[0]).splitlines()[:MESSAGE_SHOWN[1]]:
            out.print(f"    {escape(line)}")
    if test.output:
        out.print("    [dim]captured output:[/]")
        for line in safe_text(test.output, 800).splitlines()[:10]:
            out.print(f"    [dim]| {escape(line)}[/]")


def result_from_json(data: dict[str, Any]) -> SuiteResult:
    """Rebuild a SuiteResult from its JSON rendering (stored reports)."""
    tests = tuple(TestResult.from_json(t) for t in data["tests"])
    return SuiteResult(tests=tests, isolated=data["isolated"], duration=data["duration"],
                       notes=tuple(data.get("notes", ())))

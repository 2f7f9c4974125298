"""The end of a report in the terminal: per level, what scored, and what failed and why.

Hidden tests stay counts unless revealed (after the session, `report --reveal`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from harness.report import safe_text

if TYPE_CHECKING:
    from harness.session_report import Report, ReportTest
    from harness.store import StoredRun

__all__ = ["level_lines", "unlock_times"]

_REASON_CHARS = 100  # the first line of a failure's message, as the reason


def _reason(test: ReportTest) -> str:
    first = test.message.strip().splitlines()
    why = safe_text(first[0], _REASON_CHARS) if first else ""
    name = safe_text(test.id.split("/", 2)[-1], 200)
    return f"{name} ({test.verdict.value}{': ' + why if why else ''})"


def _failures(tests: tuple[ReportTest, ...], reveal: bool) -> str:
    failed = [t for t in tests if t.verdict != "passed"]
    shown = [_reason(t) for t in failed if reveal or not t.hidden]
    hidden: dict[str, int] = {}
    for test in failed:
        if test.hidden and not reveal:
            hidden[test.verdict.value] = hidden.get(test.verdict.value, 0) + 1
    parts = ["failed: " + "; ".join(shown)] if shown else []
    if hidden:
        parts.append("hidden: " + ", ".join(f"{n} {v}" for v, n in sorted(hidden.items())))
    return " - ".join(parts)


def level_lines(report: Report, *, reveal: bool) -> list[str]:
    """One line a level: points, tests passed, and for a level short of full marks,
    which tests failed and why (a level never unlocked says so)."""
    lines = []
    for level in report.levels:
        head = f"level {level.level}: {level.earned:g}/{level.points:g} points"
        if level.total == 0:
            lines.append(f"{head} (not unlocked: its tests never ran)")
            continue
        head += f" ({level.passed}/{level.total} tests)"
        tests = report.result.of_level(level.level)
        why = _failures(tests, reveal) if level.passed < level.total else ""
        lines.append(f"{head} - {why}" if why else head)
    return lines


def unlock_times(runs: list[StoredRun], levels: list[str], started: float) -> dict[str, float]:
    """Seconds into the session at which each level after the first unlocked: the
    first validation in which every visible test of the level before it passed."""
    unlocked: dict[str, float] = {}
    index = 0
    for run in runs:
        if run.kind != "validate" or index + 1 >= len(levels):
            continue
        tests = [t for t in run.tests() if t.level == levels[index]]
        if tests and all(t.passed for t in tests):
            index += 1
            unlocked[levels[index]] = round(run.at - started, 1)
    return unlocked

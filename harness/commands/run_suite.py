"""`harness run-suite`: grade a folder against a suite, no problem package needed."""

from __future__ import annotations

from pathlib import Path

from harness.errors import EXIT_FAILED, EXIT_OK, UsageError
from harness.grading import Plan, grade
from harness.output import emit_json
from harness.report import print_suite, suite_json
from harness.sandbox import Limits, get_backend
from harness.staging import SuitePart
from validators.checkers import CheckerOptions

__all__ = ["run_suite"]


def run_suite(*, backend: str, submission: Path, tests: Path,
              mode: str, time_limit: float, memory: int, checker: str, as_json: bool,
              isolation: str = "process") -> int:
    """Grade ``submission`` against ``tests``; exit 0 only if every test passed."""
    if not tests.exists():
        raise UsageError(f"tests {tests} do not exist")
    plan = Plan(mode=mode, parts=(SuitePart("main", "visible", (tests.resolve(),)),),
                limits=Limits(time=time_limit, memory_mb=memory),
                checker=CheckerOptions(kind=checker), isolation=isolation)
    result = grade(plan, submission.resolve(), get_backend(backend))
    if as_json:
        emit_json(suite_json(result, reveal=True))
    else:
        print_suite(result, reveal=True)
    return EXIT_OK if result.all_passed else EXIT_FAILED

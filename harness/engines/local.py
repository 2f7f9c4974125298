"""The local engine: today's thread pool of `harness grade`, behind the Engine protocol."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from harness.grading import plan_for_problem
from harness.sandbox import get_backend

if TYPE_CHECKING:
    from harness.commands.grade import Graded
    from harness.spec import Problem

__all__ = ["LocalEngine"]


@dataclass(frozen=True)
class LocalEngine:
    """``jobs`` grades at a time in this process, on the ``backend`` sandbox."""

    backend: str
    jobs: int

    def grade(self, problem: Problem, submissions: tuple[Path, ...], *,
              quiet: bool) -> list[Graded]:
        from harness.commands.grade import _run_all

        plan = plan_for_problem(problem, [lv.id for lv in problem.spec.levels], hidden=True)
        points = {lv.id: lv.points for lv in problem.spec.levels}
        return _run_all(plan, points, submissions, get_backend(self.backend), self.jobs, quiet)

"""The problem a batch is graded against, and the digest that pins its package."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from harness.catalog import Catalog
from harness.grading import Plan, plan_for_problem
from harness.spec import Problem
from harness.staging import tree_digest

__all__ = ["Pinned", "package_digest", "pinned"]


@dataclass(frozen=True)
class Pinned:
    """A loaded problem with its grading plan, its points and its package digest."""

    id: str
    plan: Plan
    points: dict[str, float]
    digest: str


def package_digest(problem: Problem) -> str:
    """The content hash of the whole package: a worker grades only the same bytes."""
    return tree_digest(problem.root)


def pinned(problems_dirs: tuple[Path, ...], problem_id: str) -> Pinned:
    """Load ``problem_id`` from the catalog with everything a grade of it needs."""
    found = Catalog.load(problems_dirs).get(problem_id)
    plan = plan_for_problem(found, [lv.id for lv in found.spec.levels], hidden=True)
    points = {lv.id: lv.points for lv in found.spec.levels}
    return Pinned(found.id, plan, points, package_digest(found))

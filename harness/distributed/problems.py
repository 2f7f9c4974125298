"""The problem a batch is graded against, and the digest that pins its package."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from harness.catalog import Catalog
from harness.grading import Plan, plan_for_problem
from harness.spec import Problem
from harness.staging import tree_digest

__all__ = ["Pinned", "PinnedCache", "package_digest", "pinned"]


@dataclass(frozen=True)
class Pinned:
    """A loaded problem with its grading plan, its points and its package digest."""

    id: str
    plan: Plan
    points: dict[str, float]
    digest: str
    root: Path


def package_digest(problem: Problem) -> str:
    """The content hash of the whole package: a worker grades only the same bytes."""
    return tree_digest(problem.root)


def pinned(problems_dirs: tuple[Path, ...], problem_id: str) -> Pinned:
    """Load ``problem_id`` from the catalog with everything a grade of it needs."""
    found = Catalog.load(problems_dirs).get(problem_id)
    plan = plan_for_problem(found, [lv.id for lv in found.spec.levels], hidden=True)
    points = {lv.id: lv.points for lv in found.spec.levels}
    return Pinned(found.id, plan, points, package_digest(found), found.root)


def _signature(root: Path) -> tuple[tuple[str, int, int, int], ...]:
    """Every file of a package by name, size, mtime and inode: cheap to take, changes with it."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = Path(folder, name)
            try:
                st = path.stat()
            except OSError:
                continue
            found.append((str(path.relative_to(root)), st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(found)


class PinnedCache:
    """A worker's loaded problems, loaded again only when their package's files change.

    Loading the catalog and hashing a package on every message was most of a trivial
    grade's time; a stat of the package's files is what a cached problem costs instead.
    """

    def __init__(self, problems_dirs: tuple[Path, ...]) -> None:
        self.problems_dirs = problems_dirs
        self._held: dict[str, tuple[Pinned, tuple[tuple[str, int, int, int], ...]]] = {}
        self._lock = threading.Lock()

    def get(self, problem_id: str) -> Pinned:
        """The problem as its package is now on disk."""
        with self._lock:
            held = self._held.get(problem_id)
        if held is not None and _signature(held[0].root) == held[1]:
            return held[0]
        found = pinned(self.problems_dirs, problem_id)
        signature = _signature(found.root)
        if tree_digest(found.root) == found.digest:  # the same bytes as at the signature: keep
            with self._lock:
                self._held[problem_id] = (found, signature)
        return found

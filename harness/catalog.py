"""Find problem packages: built-in ``problems/``, HARNESS_PROBLEMS_PATH, --problems-dir."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from harness.errors import InvalidProblem, UsageError
from harness.spec import Problem, load_problem

__all__ = ["Catalog", "builtin_problems_dir"]


def builtin_problems_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "problems"


def _search_path(extra: Sequence[Path]) -> list[Path]:
    dirs = [Path(p).absolute() for p in extra]
    env = os.environ.get("HARNESS_PROBLEMS_PATH", "")
    dirs += [Path(p).absolute() for p in env.split(os.pathsep) if p]  # absolute where it enters
    dirs.append(builtin_problems_dir())
    return dirs


def _package_dirs(root: Path) -> list[Path]:
    if (root / "problem.yaml").is_file():
        return [root]
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / "problem.yaml").is_file())


@dataclass
class Catalog:
    """The problems on the search path, by id.  Broken packages are kept aside
    so that one bad folder does not hide the others."""

    problems: dict[str, Problem]
    broken: dict[Path, InvalidProblem]

    @classmethod
    def load(cls, extra: Sequence[Path] = ()) -> Catalog:
        problems: dict[str, Problem] = {}
        broken: dict[Path, InvalidProblem] = {}
        for root in _search_path(extra):
            for folder in _package_dirs(root):
                try:
                    problem = load_problem(folder)
                except InvalidProblem as exc:
                    broken[folder] = exc
                    continue
                if problem.id in problems:
                    other = problems[problem.id].root
                    raise InvalidProblem(
                        f"duplicate problem id {problem.id!r}: {other} and {folder}",
                        hint="rename one of them (the `id` field in problem.yaml)")
                problems[problem.id] = problem
        return cls(problems, broken)

    def get(self, name: str) -> Problem:
        """A problem by id, or by path to its folder."""
        path = Path(name).absolute()
        if (path / "problem.yaml").is_file():
            return load_problem(path)
        if name in self.problems:
            return self.problems[name]
        for folder, error in self.broken.items():
            if folder.name == name:
                raise error
        known = ", ".join(sorted(self.problems)) or "none"
        raise UsageError(f"unknown problem {name!r}", hint=f"known problems: {known} "
                         "(see `harness list`)")

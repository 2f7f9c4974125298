"""The visible tests in the workspace: read-only copies under ``tests/visible/LEVEL/``.

As exercise platforms ship them, so that a candidate reads exactly what is checked
and can run it with their own ``pytest``.  Refreshed on every unlock, from the
package (a copy the candidate edited is put back).  Hidden tests never come here.
Only pytest-mode problems: an io problem's visible cases are its ``samples/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from harness.spec import Problem

__all__ = ["VISIBLE", "copy_visible_tests", "is_visible_copy"]

VISIBLE = Path("tests") / "visible"
_MAX_FILES = 2000  # a package's visible tests are a few files; more is a broken package


def is_visible_copy(path: Path, workspace: Path) -> bool:
    """Whether ``path`` is (under) the workspace's copy of the visible tests."""
    return path == workspace / VISIBLE or (workspace / VISIBLE) in path.parents


def _files(source: Path) -> list[Path]:
    if source.is_symlink():
        return []
    if source.is_file():
        return [source]
    found = [p for p in sorted(source.rglob("*")) if p.is_file() and not p.is_symlink()
             and "__pycache__" not in p.parts and p.suffix != ".pyc"]
    return found[:_MAX_FILES]


def _clear(target: Path) -> None:
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.is_dir():
        shutil.rmtree(target)


def copy_visible_tests(problem: Problem, unlocked: int, workspace: Path) -> list[str]:
    """(Re)write ``tests/visible/`` with the visible tests of the first ``unlocked``
    levels; the relative paths written.  Files are read-only (0444)."""
    tests = workspace / "tests"
    if problem.spec.mode != "pytest" or tests.is_symlink():
        return []  # never write through a link the workspace holds
    target = workspace / VISIBLE
    _clear(target)
    written = []
    for level in problem.spec.levels[:unlocked]:
        for rel in level.visible:
            source = problem.path(rel)
            for path in _files(source):
                inner = path.relative_to(source) if source.is_dir() else Path(path.name)
                dest = target / level.id / inner
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, dest)
                dest.chmod(0o444)
                written.append(dest.relative_to(workspace).as_posix())
    for folder in [target, *(p for p in target.rglob("*") if p.is_dir())]:
        folder.chmod(0o755)
    return written

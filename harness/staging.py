"""Lay out a suite for one run: ``LEVEL/visible|hidden/...`` in a fresh folder.

Only what the run may see is copied: hidden tests are staged only for runs that
grade them, and an io run's submission side gets the ``.in`` files only.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from harness.errors import StateError
from harness.paths import private_dir, runs_dir

__all__ = ["SuitePart", "scratch", "stage", "tree_digest"]


@dataclass(frozen=True)
class SuitePart:
    """Files or folders (``sources``) that become ``LEVEL/KIND/`` in the staged suite."""

    level: str
    kind: str  # visible | hidden | candidate
    sources: tuple[Path, ...]


def _ignore(_dir: str, names: list[str]) -> set[str]:
    return {n for n in names if n in {"__pycache__", ".pytest_cache"} or n.endswith(".pyc")}


def _ignore_answers(d: str, names: list[str]) -> set[str]:
    return _ignore(d, names) | {n for n in names if n.endswith(".ans")}


def _copy(source: Path, dest: Path, only_inputs: bool) -> None:
    if source.is_dir():
        shutil.copytree(source, dest, ignore=_ignore_answers if only_inputs else _ignore,
                        dirs_exist_ok=True)
    elif not (only_inputs and source.suffix == ".ans"):
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, dest / source.name)


def stage(parts: Iterable[SuitePart], dest: Path, *, only_inputs: bool = False) -> Path:
    """Copy ``parts`` under ``dest`` and make it world-readable for the sandbox user."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in parts:
        for source in part.sources:
            _copy(source, dest / part.level / part.kind, only_inputs)
    for path in [dest, *dest.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return dest


@contextmanager
def scratch(prefix: str) -> Iterator[Path]:
    """A scratch folder under HARNESS_HOME/runs, removed afterwards whatever happens.

    Its name carries this process's id, so `harness gc` can tell a folder whose
    owner was killed from one in use."""
    root = runs_dir()
    try:
        private_dir(root)
        # 0700 (mkdtemp's mode): only the folders inside it that a run mounts are 0755
        # (a bind mount does not need the host path above it to be traversable).
        path = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=root))
    except OSError as exc:
        raise StateError(f"cannot write under {root}: {exc.strerror}",
                         hint="is the disk under HARNESS_HOME full?") from exc
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def tree_digest(*roots: Path) -> str:
    """A content hash of folders (names and bytes), for caches keyed by content."""
    digest = hashlib.sha256()
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(root.parent if root.is_file() else root)).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
        digest.update(b"\1")
    return digest.hexdigest()

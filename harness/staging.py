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
from harness.safecopy import CopyRefused, copy_tree

__all__ = ["SuitePart", "scratch", "stage", "tree_digest"]


@dataclass(frozen=True)
class SuitePart:
    """Files or folders (``sources``) that become ``LEVEL/KIND/`` in the staged suite."""

    level: str
    kind: str  # visible | hidden | candidate
    sources: tuple[Path, ...]
    within: Path | None = None  # the package the sources live in: nothing below it is followed


def _cache(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return name in {"__pycache__", ".pytest_cache"} or name.endswith(".pyc")


def _answer_or_cache(rel: str) -> bool:
    return _cache(rel) or rel.endswith(".ans")


def _copy(source: Path, dest: Path, within: Path | None, only_inputs: bool) -> None:
    if only_inputs and source.suffix == ".ans":
        return
    report = copy_tree(source, dest, within=within,
                       skip=_answer_or_cache if only_inputs else _cache)
    if report.skipped:  # a suite with a symlink or a FIFO in it is broken, not trimmed
        first = report.skipped[0]
        raise CopyRefused(str(source / first.path), f"{first.reason}: a suite holds regular "
                          "files and folders only", hint="replace it with the file itself")


def stage(parts: Iterable[SuitePart], dest: Path, *, only_inputs: bool = False) -> Path:
    """Copy ``parts`` under ``dest``, world-readable for the sandbox user."""
    dest.mkdir(parents=True, exist_ok=True)
    dest.chmod(0o755)
    for part in parts:
        for source in part.sources:
            _copy(source, dest / part.level / part.kind, part.within, only_inputs)
    for path in [dest, *dest.rglob("*")]:  # folders made on the way, and outputs written here
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

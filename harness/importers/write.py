"""A package to write, its problem.yaml rendering, and the all-or-nothing write.

The package is built in a hidden temporary folder next to the destination,
verified there, then renamed into place: a failed import leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from harness.errors import UsageError
from harness.safecopy import copy_file
from harness.spec import ProblemSpec

__all__ = ["Package", "PackageFile", "copied", "render_problem_yaml", "text_file", "write_package"]

SCHEMA = Path(__file__).resolve().parents[2] / "problems" / "problem.schema.json"
ALWAYS = ("format_version", "id", "title", "summary", "difficulty", "language", "mode",
          "isolation")


class PackageFile(BaseModel):
    """One file of the package: its path inside the package, and its bytes or a file to copy."""

    model_config = ConfigDict(frozen=True)

    path: str
    data: bytes | None = None
    source: Path | None = None

    @field_validator("path")
    @classmethod
    def _inside(cls, value: str) -> str:
        parts = PurePosixPath(value).parts
        if not parts or PurePosixPath(value).is_absolute() or ".." in parts:
            raise ValueError(f"{value!r} is not a path inside the package")
        return value

    @model_validator(mode="after")
    def _one_content(self) -> PackageFile:
        if (self.data is None) == (self.source is None):
            raise ValueError("give the bytes or a file to copy, not both")
        return self


class Package(BaseModel):
    """What an importer produces: problem.yaml as the harness's own model, plus the files."""

    model_config = ConfigDict(frozen=True)

    spec: ProblemSpec
    files: tuple[PackageFile, ...]
    origin: str  # e.g. "Exercism exercise exercises/practice/two-fer"
    root: Path  # the source folder: every copied file lies inside it, no symlink followed
    notes: tuple[str, ...] = ()


def text_file(path: str, text: str) -> PackageFile:
    """A file of the package with ``text`` as its content."""
    return PackageFile(path=path, data=text.encode("utf-8"))


def copied(path: str, source: Path) -> PackageFile:
    """A file of the package copied from ``source``."""
    return PackageFile(path=path, source=source)


def _spec_data(spec: ProblemSpec) -> dict[str, Any]:
    full = spec.model_dump(mode="json")
    short = spec.model_dump(mode="json", exclude_defaults=True)
    data = {key: short.get(key, value) for key, value in full.items() if key in short or key in ALWAYS}
    if spec.mode != "pytest":
        data.pop("isolation", None)  # io mode has no such choice
    if spec.mode == "io" and spec.checker.kind == "float":  # tolerances said out loud
        data["checker"] = {**data["checker"], "abs_tol": spec.checker.abs_tol,
                           "rel_tol": spec.checker.rel_tol}
    return data


def render_problem_yaml(package: Package, dest: Path) -> str:
    """problem.yaml for ``package`` once it lives at ``dest``: a schema line, the origin,
    the importer's notes as comments, then the spec (defaults left out)."""
    import yaml

    schema = os.path.relpath(SCHEMA, dest.resolve())
    head = [f"# yaml-language-server: $schema={schema}", f"# Imported from {package.origin}."]
    head += [f"# note: {line}" for note in package.notes for line in note.splitlines()]
    body = yaml.safe_dump(_spec_data(package.spec), sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(head) + "\n" + body


def _write_files(package: Package, root: Path, dest: Path) -> None:
    (root / "problem.yaml").write_text(render_problem_yaml(package, dest), encoding="utf-8")
    for item in package.files:
        target = root / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if item.source is not None:
            copy_file(item.source, target, within=package.root)
        else:
            assert item.data is not None
            target.write_bytes(item.data)


def write_package(package: Package, dest: Path, verify: Callable[[Path], None]) -> Path:
    """Write ``package`` to ``dest`` if ``verify`` accepts it (it raises to refuse).

    The files go to a temporary folder next to ``dest``, which is renamed into
    place only after ``verify`` returns; on any failure it is removed.
    """
    if dest.exists():
        raise UsageError(f"{dest} already exists", hint="pick another --id or --into folder")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".importing", dir=dest.parent))
    except OSError as exc:
        raise UsageError(f"cannot create a folder in {dest.parent}: {exc.strerror}",
                         hint="pick another --into folder") from exc
    try:
        work.chmod(0o755)
        _write_files(package, work, dest)
        verify(work)
        work.rename(dest)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise UsageError(f"could not write {dest}: {exc}", hint="nothing was written") from exc
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return dest

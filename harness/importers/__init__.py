"""Importers: turn an Exercism exercise or a Kattis problem package into a harness package.

Each importer reads a source folder and returns a :class:`~harness.importers.write.Package`
(the problem.yaml model plus its files), or raises :class:`~harness.errors.UsageError`
naming what cannot be carried over.  :func:`~harness.importers.write.write_package`
then writes it all or nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from harness.errors import UsageError
from harness.safecopy import CopyRefused, scan_tree
from harness.spec import SLUG

__all__ = ["check_source", "refuse", "slugify", "valid_id"]


def slugify(text: str) -> str:
    """``text`` as a slug: lower-case letters, digits and single dashes."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:63].rstrip("-")


def valid_id(problem_id: str | None, source: Path) -> str:
    """The problem id: ``problem_id`` if given, else the source folder's name as a slug."""
    chosen = problem_id if problem_id is not None else slugify(source.resolve().name)
    if not re.match(SLUG, chosen):
        raise UsageError(f"{chosen!r} is not a valid problem id",
                         hint="pass --id with lower-case letters, digits and dashes, e.g. my-problem")
    return chosen


def refuse(source: Path, what: str, hint: str = "") -> UsageError:
    """The error for something in ``source`` that cannot be carried over."""
    return UsageError(f"cannot import {source}: {what}",
                      hint=hint or "nothing was written; see docs/importing.md for what maps")


def check_source(source: Path) -> None:
    """Refuse a source folder holding a symlink or a special file anywhere (issue 11: a
    symlinked statement image carried a host file into the package)."""
    try:
        found = scan_tree(source)
    except CopyRefused as exc:
        raise refuse(source, exc.message) from exc
    if found.skipped:
        bad = found.skipped[0]
        raise refuse(source, f"{bad.path} is {bad.reason}: only regular files are imported",
                     hint="replace it with a copy of the file; nothing was written")

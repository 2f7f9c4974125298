"""Shared helpers for the importer tests: source packages, a destination, check runs."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "importers"


@pytest.fixture
def into(tmp_path: Path) -> Path:
    """An empty folder to import into."""
    folder = tmp_path / "problems"
    folder.mkdir()
    return folder


@pytest.fixture
def source_copy(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a source package from tests/data/importers, to edit it."""

    def copy(relative: str) -> Path:
        dest = tmp_path / "sources" / Path(relative).name
        shutil.copytree(DATA / relative, dest)
        return dest

    return copy


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) with ``new`` in ``path``."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def editor() -> Callable[[Path, str, str], None]:
    """``edit(path, old, new)``: replace text that must be in a copied source file."""
    return edit


@pytest.fixture
def checked(cli: Callable[..., Any]) -> Callable[..., dict[str, Any]]:
    """``checked(package, *global_options)``: run `harness check --json`, assert it passed,
    return the problem's report."""

    def run(package: Path, *options: str) -> dict[str, Any]:
        result = cli(*options, "check", str(package), "--json")
        report = json.loads(result.out)
        assert result.code == 0, report
        return dict(report["problems"][0])

    return run


def _refused(result: Any, into: Path, *needles: str) -> None:
    assert result.code == 2, result
    for needle in needles:
        assert needle in result.err, result
    assert "Traceback" not in result.err + result.out
    assert list(into.iterdir()) == []


@pytest.fixture
def refused() -> Callable[..., None]:
    """``refused(result, into, *needles)``: exit 2, a message naming each needle, and
    nothing written into ``into`` (not even a temporary folder)."""
    return _refused

"""What a ready container starts ahead, decided from the problem package alone."""

from __future__ import annotations

import shutil
from pathlib import Path

from harness.sandbox.warm import StartAhead, ahead_for

PROBLEMS = Path(__file__).resolve().parent.parent / "problems"


def test_numpy_is_preloaded_where_the_reference_imports_it() -> None:
    assert ahead_for(PROBLEMS / "tokenize-and-index") == StartAhead(True, ("numpy",))
    assert ahead_for(PROBLEMS / "kv-store") == StartAhead(True, ())


def test_io_and_inprocess_problems_start_no_server(tmp_path: Path) -> None:
    assert ahead_for(PROBLEMS / "latency-report") == StartAhead()
    copy = shutil.copytree(PROBLEMS / "kv-store", tmp_path / "kv-store")
    spec = copy / "problem.yaml"
    spec.write_text(spec.read_text().replace("isolation: process", "isolation: inprocess"))
    assert ahead_for(copy) == StartAhead()


def test_an_unloadable_problem_starts_nothing(tmp_path: Path) -> None:
    (tmp_path / "problem.yaml").write_text("not: [valid")
    assert ahead_for(tmp_path) == StartAhead()
    assert ahead_for(tmp_path / "gone") == StartAhead()


def test_a_symlink_in_the_reference_is_never_read(tmp_path: Path) -> None:
    """A package with a symlink does not load (harness.spec refuses it), so nothing
    behind the link is read to decide the preload."""
    copy = shutil.copytree(PROBLEMS / "kv-store", tmp_path / "kv-store", symlinks=True)
    outside = tmp_path / "outside.py"
    outside.write_text("import numpy\n")
    (copy / "solution" / "linked.py").symlink_to(outside)
    assert ahead_for(copy) == StartAhead()


def test_the_zygote_arguments_name_the_submission_uid() -> None:
    assert StartAhead().argv(1234) == []
    assert StartAhead(True, ("numpy",)).argv(1234) == [
        "--submission", "/job/pub/sub", "--submission-uid", "1234", "--preload", "numpy"]

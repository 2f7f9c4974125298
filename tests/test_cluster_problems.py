"""A worker's loaded problems: kept between messages, loaded again when the package changes
(a worker must never grade with, or vouch for, a package digest its files no longer have)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from harness.distributed.problems import PinnedCache
from harness.staging import tree_digest


def _problems(tmp_path: Path) -> Path:
    problems = tmp_path / "problems"
    subprocess.run([sys.executable, "-m", "harness.cli", "new", "demo", "--into", str(problems)],
                   check=True, capture_output=True)
    return problems


def test_a_problem_is_loaded_once_while_its_package_is_unchanged(tmp_path: Path) -> None:
    cache = PinnedCache((_problems(tmp_path),))
    first = cache.get("demo")
    assert cache.get("demo") is first  # no catalog load, no hashing for the next message


def test_a_changed_package_is_loaded_again_with_its_new_digest(tmp_path: Path) -> None:
    problems = _problems(tmp_path)
    cache = PinnedCache((problems,))
    before = cache.get("demo")
    statement = next((problems / "demo").rglob("*.md"))
    statement.write_text(statement.read_text() + "\nchanged while the worker runs\n")
    after = cache.get("demo")
    assert after.digest != before.digest
    assert after.digest == tree_digest(problems / "demo")
    added = problems / "demo" / "extra.txt"
    added.write_text("a new file\n")  # a file added counts too
    assert cache.get("demo").digest == tree_digest(problems / "demo") != after.digest

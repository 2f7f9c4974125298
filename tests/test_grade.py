"""`harness grade`: a batch of submissions in parallel; one bad submission never stops it."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("no_strays")]


@pytest.fixture
def batch(cli: Callable[..., Any], tmp_path: Path) -> tuple[Path, list[Path]]:
    problems = tmp_path / "problems"
    assert cli("new", "demo", "--into", str(problems)).code == 0
    demo = problems / "demo"
    subs = tmp_path / "subs"
    good = shutil.copytree(demo / "solution", subs / "good")
    wrong = shutil.copytree(demo / "wrong" / "case-sensitive", subs / "wrong")
    empty = subs / "empty"
    empty.mkdir()
    return problems, [good, wrong, empty, subs / "does-not-exist"]


def test_grade_batch_json(cli: Callable[..., Any], batch: tuple[Path, list[Path]]) -> None:
    problems, subs = batch
    result = cli("--problems-dir", str(problems), "grade", "demo", *map(str, subs),
                 "--jobs", "2", "--json")
    assert result.code == 1  # not every submission passed
    rows = {Path(r["submission"]).name: r for r in json.loads(result.out)["submissions"]}
    assert rows["good"]["score"] == rows["good"]["max_score"] == 200
    assert rows["good"]["passed"] == 8
    assert 0 < rows["wrong"]["score"] < 200 and rows["wrong"]["failed"] == 4
    assert rows["empty"]["score"] == 0 and rows["empty"]["error"] == 8
    assert "does not exist" in rows["does-not-exist"]["problem"]


def test_grade_csv_and_table(cli: Callable[..., Any], batch: tuple[Path, list[Path]]) -> None:
    problems, subs = batch
    result = cli("--problems-dir", str(problems), "grade", "demo", str(subs[0]), str(subs[1]),
                 "--csv")
    table = list(csv.DictReader(io.StringIO(result.out)))
    assert [Path(r["submission"]).name for r in table] == ["good", "wrong"]
    assert table[0]["score"] == "200.0"
    human = cli("--problems-dir", str(problems), "grade", "demo", str(subs[0]))
    assert human.code == 0 and "200/200" in human.out

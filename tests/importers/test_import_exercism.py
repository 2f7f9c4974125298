"""`harness import exercism`: small exercises written to Exercism's layout, imported, then checked."""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from harness.importers.exercism import split_by_task

DATA = Path(__file__).resolve().parents[1] / "data" / "importers"
EXERCISM = DATA / "exercism"
GRID_PATH = DATA / "exercism-track" / "exercises" / "practice" / "grid-path"

EXERCISES = [
    (EXERCISM / "vowel-counter", ["main"]),
    (EXERCISM / "tea-shop", ["task-1", "task-2", "task-3"]),
    (EXERCISM / "shelf-sorter", ["task-1", "task-2"]),
    (GRID_PATH, ["main"]),
]


def imported(cli: Callable[..., Any], source: Path, into: Path, *extra: str) -> Path:
    """Import without the check (the parametrized test below proves every exercise)."""
    result = cli("--backend", "local", "import", "exercism", str(source), "--into", str(into),
                 "--no-check", *extra)
    assert result.code == 0, result
    return into / source.name


def spec(package: Path) -> dict[str, Any]:
    return dict(yaml.safe_load((package / "problem.yaml").read_text()))


def names_of_tests(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    return sorted(node.name for node in ast.walk(tree)
                  if isinstance(node, ast.FunctionDef) and node.name.startswith("test"))


@pytest.mark.parametrize(("source", "levels"), EXERCISES, ids=[e[0].name for e in EXERCISES])
def test_imported_exercise_passes_check(cli: Callable[..., Any], into: Path, checked: Any,
                                        source: Path, levels: list[str]) -> None:
    result = cli("--backend", "local", "import", "exercism", str(source), "--into", str(into))
    assert result.code == 0 and "check: passed (local backend)" in result.out, result
    package = into / source.name
    assert [lv["id"] for lv in spec(package)["levels"]] == levels
    report = checked(package, "--backend", "local")
    steps = {s["name"]: s["ok"] for s in report["steps"]}
    assert steps["reference passes"] and steps["starter fails every level"]


def test_tasks_become_levels_with_their_own_tests(cli: Callable[..., Any], into: Path) -> None:
    package = imported(cli, EXERCISM / "tea-shop", into)
    tests = {lv: names_of_tests(package / "tests" / "visible" / lv / "tea_shop_test.py")
             for lv in ("task-1", "task-2", "task-3")}
    assert tests == {
        "task-1": ["test_steep_minutes_constant", "test_steep_time"],
        "task-2": ["test_cups_exact", "test_cups_round_down"],
        "task-3": ["test_empty_order", "test_order_total"],
    }
    task3 = (package / "tests" / "visible" / "task-3" / "tea_shop_test.py").read_text()
    assert "def helper_total" in task3 and "MENU = " in task3  # helpers and imports are kept
    titles = [lv["title"] for lv in spec(package)["levels"]]
    assert titles == ["Know how long each tea steeps", "Count the cups in a pot", "Total an order"]


def test_task_statements_are_the_instruction_sections(cli: Callable[..., Any], into: Path) -> None:
    package = imported(cli, EXERCISM / "tea-shop", into)
    first = (package / "statements" / "task-1.md").read_text()
    second = (package / "statements" / "task-2.md").read_text()
    assert "A _function_ is defined" in first  # the introduction opens the first level
    assert "Know how long each tea steeps" in first and "Count the cups" not in first
    assert "Count the cups in a pot" in second and "Total an order" not in second


def test_untagged_tests_go_with_the_first_task(cli: Callable[..., Any], into: Path) -> None:
    package = imported(cli, EXERCISM / "shelf-sorter", into)
    visible = package / "tests" / "visible"
    assert names_of_tests(visible / "task-1" / "shelf_sorter_test.py") == [
        "test_by_title_ignores_case", "test_by_title_keeps_the_input", "test_empty_shelf"]
    assert names_of_tests(visible / "task-2" / "shelf_sorter_test.py") == [
        "test_author_then_year", "test_same_author_by_year"]  # a class-level task mark
    # without numbered sections in the instructions, each level shows them all
    assert "This level's tests are those of task 2." in (package / "statements" / "task-2.md").read_text()


def test_track_config_gives_name_and_difficulty(cli: Callable[..., Any], into: Path) -> None:
    package = imported(cli, GRID_PATH, into)
    data = spec(package)
    assert data["title"] == "Paths Through a Grid" and data["difficulty"] == "medium"
    assert data["summary"] == "Count the ways to walk across a grid with walls."
    for folder in ("starter", "solution"):  # files.editor ships with both
        assert (package / folder / "grid.py").is_file()
    statement = (package / "statements" / "main.md").read_text()
    assert "count the paths without listing them" in statement  # instructions.append.md


def test_stub_is_the_starter_and_example_the_reference(cli: Callable[..., Any], into: Path) -> None:
    package = imported(cli, EXERCISM / "vowel-counter", into)
    source = EXERCISM / "vowel-counter"
    assert (package / "starter" / "vowel_counter.py").read_text() == \
        (source / "vowel_counter.py").read_text()
    assert (package / "solution" / "vowel_counter.py").read_text() == \
        (source / ".meta" / "example.py").read_text()
    assert spec(package).get("wrong", []) == []
    assert not (package / "tests" / "hidden").exists()


def test_id_option_names_the_problem(cli: Callable[..., Any], into: Path) -> None:
    result = cli("import", "exercism", str(EXERCISM / "vowel-counter"), "--into", str(into),
                 "--id", "vowels", "--no-check")
    assert result.code == 0, result
    assert spec(into / "vowels")["id"] == "vowels"
    assert "next: harness --problems-dir" in result.out


def test_split_by_task_keeps_everything_but_other_tasks() -> None:
    source = (
        "import pytest\n\n"
        "HELPER = 1\n\n"
        "@pytest.mark.task(taskno=1)\n"
        "def test_one():\n    assert HELPER\n\n\n"
        "@pytest.mark.task(taskno=2)\n"
        "def test_two():\n    assert HELPER\n\n\n"
        "class TestMore:\n"
        "    def setup_method(self):\n        self.x = 1\n\n"
        "    @pytest.mark.task(taskno=2)\n"
        "    def test_three(self):\n        assert self.x\n"
    )
    modules = split_by_task(source, [1, 2])
    assert "def test_one" in modules[1] and "test_two" not in modules[1]
    assert "class TestMore" not in modules[1]  # a class with none of its tests is left out
    assert "def test_two" in modules[2] and "def test_three" in modules[2]
    assert "def setup_method" in modules[2] and "test_one" not in modules[2]
    for module in modules.values():
        assert "HELPER = 1" in module
        ast.parse(module)


# --- refusals: a clear message, and nothing written --------------------------------------


def test_folder_without_config_is_refused(cli: Callable[..., Any], into: Path, refused: Any,
                                          tmp_path: Path) -> None:
    folder = tmp_path / "not-an-exercise"
    folder.mkdir()
    result = cli("import", "exercism", str(folder), "--into", str(into))
    refused(result, into, "not an Exercism exercise folder", ".meta/config.json")


def test_exercise_without_example_is_refused(cli: Callable[..., Any], into: Path, refused: Any,
                                             editor: Any, source_copy: Callable[[str], Path]) -> None:
    source = source_copy("exercism/vowel-counter")
    editor(source / ".meta" / "config.json", '"example": [".meta/example.py"]', '"example": []')
    result = cli("import", "exercism", str(source), "--into", str(into))
    refused(result, into, "example solution")


def test_non_python_exercise_is_refused(cli: Callable[..., Any], into: Path, refused: Any,
                                        editor: Any, source_copy: Callable[[str], Path]) -> None:
    source = source_copy("exercism/vowel-counter")
    (source / "vowel-counter.js").write_text("export const countVowels = () => 0;\n")
    editor(source / ".meta" / "config.json", '"vowel_counter.py"', '"vowel-counter.js"')
    result = cli("import", "exercism", str(source), "--into", str(into))
    refused(result, into, "vowel-counter.js is not a Python file")


def test_existing_destination_is_refused(cli: Callable[..., Any], into: Path) -> None:
    (into / "vowel-counter").mkdir()
    result = cli("import", "exercism", str(EXERCISM / "vowel-counter"), "--into", str(into))
    assert result.code == 2 and "already exists" in result.err
    assert [p.name for p in into.iterdir()] == ["vowel-counter"]


def test_package_failing_check_is_not_written(cli: Callable[..., Any], into: Path,
                                              source_copy: Callable[[str], Path]) -> None:
    source = source_copy("exercism/vowel-counter")
    (source / "vowel_counter.py").write_text((source / ".meta" / "example.py").read_text())
    result = cli("--backend", "local", "import", "exercism", str(source), "--into", str(into))
    assert result.code == 1, result
    assert "starter fails every level" in result.err and "nothing was written" in result.err
    assert list(into.iterdir()) == []  # no package, and no temporary folder left behind


@pytest.mark.docker
def test_imported_exercise_passes_check_in_docker(cli: Callable[..., Any], into: Path,
                                                   checked: Any) -> None:
    result = cli("import", "exercism", str(EXERCISM / "tea-shop"), "--into", str(into))
    assert result.code == 0, result
    assert "check: passed (docker backend)" in result.out
    report = checked(into / "tea-shop")
    assert report["ok"], json.dumps(report)


def test_falls_back_to_inprocess_where_the_reference_fails_across_the_boundary(
        cli: Callable[..., Any], into: Path) -> None:
    """Issue 17: the importer tries isolation: process first.  This exercise's test needs
    its own list sorted in place, which arguments passed by value across the boundary
    cannot do, so the reference fails there; the package is written with isolation:
    inprocess and a note that says why and that its verdicts are forgeable."""
    source = EXERCISM / "in-place-sorter"
    result = cli("--backend", "local", "import", "exercism", str(source), "--into", str(into))
    assert result.code == 0 and "check: passed" in result.out, result
    assert "isolation: inprocess" in result.out and "forge" in result.out, result.out
    assert spec(into / "in-place-sorter")["isolation"] == "inprocess"


def test_process_isolation_is_kept_where_the_reference_passes(cli: Callable[..., Any],
                                                              into: Path) -> None:
    result = cli("--backend", "local", "import", "exercism", str(EXERCISM / "vowel-counter"),
                 "--into", str(into))
    assert result.code == 0, result
    assert spec(into / "vowel-counter")["isolation"] == "process"

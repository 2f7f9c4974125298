"""The author's and browser's commands through the real CLI: list, show, schema, new, errors."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "harness" / "templates" / "new_problem"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A fresh copy of the example problem, ready to be broken."""
    dest = tmp_path / "pkgs" / "demo"
    shutil.copytree(TEMPLATE, dest)
    yaml_path = dest / "problem.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("__ID__", "demo").replace("__SCHEMA__", "x"))
    return dest


def edit(package: Path, old: str, new: str) -> None:
    path = package / "problem.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_schema_is_committed_and_current(cli: Callable[..., Any]) -> None:
    result = cli("schema")
    assert result.code == 0
    committed = json.loads((ROOT / "problems" / "problem.schema.json").read_text())
    assert json.loads(result.out) == committed, "run `harness schema > problems/problem.schema.json`"


def test_list_json_shows_a_new_package(cli: Callable[..., Any], package: Path) -> None:
    result = cli("--problems-dir", str(package.parent), "list", "--json", "--tag", "example")
    assert result.code == 0
    rows = json.loads(result.out)["problems"]
    assert [r["id"] for r in rows] == ["demo"]
    assert rows[0]["levels"] == 2 and rows[0]["duration"] == 30


def test_show_prints_first_statement_only(cli: Callable[..., Any], package: Path) -> None:
    result = cli("--problems-dir", str(package.parent), "show", "demo", "--json")
    data = json.loads(result.out)
    assert "count_words" in data["statement"]
    assert "top_words" not in data["statement"]  # level 2's statement stays hidden
    assert "hidden" not in json.dumps(data["levels"])


def test_unknown_problem_is_a_usage_error(cli: Callable[..., Any]) -> None:
    result = cli("show", "no-such-problem")
    assert result.code == 2
    assert "unknown problem 'no-such-problem'" in result.err
    assert "Traceback" not in result.err + result.out


BROKEN = [
    ("bad yaml", "title: Word counter", "title: [unclosed", "not valid YAML", "problem.yaml:"),
    ("unknown key", "difficulty: easy", "difficulty: easy\nauthor: me", "unknown key 'author'", ""),
    ("wrong type", "duration: 30", "duration: thirty", "duration:", "thirty"),
    ("missing file", "statement: statements/l2.md", "statement: statements/nope.md",
     "does not exist", "levels[l2].statement"),
    ("level with no tests", "visible: [tests/visible/l2]", "visible: []",
     "at least one visible test", "levels[l2].visible"),
    ("duplicate level ids", "  - id: l2", "  - id: l1", "duplicate level id", ""),
]


@pytest.mark.parametrize(("name", "old", "new", "needle", "where"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_package_gives_clear_error(cli: Callable[..., Any], package: Path, name: str,
                                          old: str, new: str, needle: str, where: str) -> None:
    edit(package, old, new)
    result = cli("--backend", "local", "check", str(package))
    assert result.code == 2, result  # a broken problem.yaml is bad input, as the README says
    text = result.out + result.err
    assert needle in text and where in text, text
    assert "problem.yaml" in text
    assert "Traceback" not in text


def test_duplicate_ids_name_both_folders(cli: Callable[..., Any], package: Path, tmp_path: Path) -> None:
    other = tmp_path / "more" / "demo2"
    shutil.copytree(package, other)
    result = cli("--problems-dir", str(package.parent), "--problems-dir", str(other.parent), "list")
    assert result.code == 2
    assert str(package) in result.err and str(other) in result.err


def test_check_without_arguments_is_bad_usage(cli: Callable[..., Any]) -> None:
    result = cli("check")
    assert result.code == 2 and "--all" in result.err


def test_no_daemon_is_one_clear_line_and_exit_3(cli: Callable[..., Any], package: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    result = cli("run-suite", str(ROOT / "tests/data/subs/correct"), str(ROOT / "tests/data/suites/basic"))
    assert result.code == 3
    assert result.err.startswith("error: cannot reach the Docker daemon")
    assert "Traceback" not in result.err


def test_connection_dropped_mid_command_is_one_clear_line_and_exit_3(
        cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """A daemon that goes away under docker-py surfaces as a requests error from deep
    inside the SDK; the docker module turns it into a typed error that names the daemon
    (the CLI's boundary never guesses from an exception's module)."""
    import docker.api.container
    import requests

    def dropped(*_: Any, **__: Any) -> None:
        raise requests.exceptions.ConnectionError("Connection aborted: RemoteDisconnected")

    monkeypatch.setattr(docker.api.container.ContainerApiMixin, "create_container", dropped)
    result = cli("run-suite", str(ROOT / "tests/data/subs/correct"), str(ROOT / "tests/data/suites/basic"))
    assert result.code == 3, result
    assert result.err.startswith("error: lost the Docker daemon"), result
    assert "harness doctor" in result.err and "Traceback" not in result.err


def test_new_scaffold_passes_check_on_local_backend(cli: Callable[..., Any], tmp_path: Path) -> None:
    assert cli("new", "fresh", "--into", str(tmp_path)).code == 0
    first_line = (tmp_path / "fresh" / "problem.yaml").read_text().splitlines()[0]
    assert first_line.startswith("# yaml-language-server: $schema=")
    result = cli("--backend", "local", "--problems-dir", str(tmp_path), "check", "fresh", "--json")
    report = json.loads(result.out)
    assert result.code == 0, report
    names = [s["name"] for s in report["problems"][0]["steps"]]
    assert "wrong solution quadratic" in names and "time-limit margin" in names


def test_help_does_not_import_docker_or_jsonschema() -> None:
    import subprocess
    import sys

    code = ("import sys; from harness.cli import main; main(['--help']); "
            "print(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('docker', 'jsonschema', 'rich', 'pydantic')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]"), out


# The author's messages (#16): each names the field the way the author wrote it and
# says the fix.
MESSAGES = [
    ("did you mean", "expect: {fails: [l1, l2]}", "expect: {verdicts: [failed]}",
     "wrong[case-sensitive].expect: unknown key 'verdicts': did you mean 'verdict'?"),
    ("level by id", "  - id: l2\n    title: Most frequent words\n    statement: statements/l2.md\n"
     "    points: 100", "  - id: l2\n    title: Most frequent words\n"
     "    statement: statements/l2.md\n    points: -5", "levels[l2].points:"),
    ("top-level typo", "duration: 30", "durtion: 30", "unknown key 'durtion': did you mean 'duration'?"),
]


@pytest.mark.parametrize(("name", "old", "new", "needle"), MESSAGES, ids=[m[0] for m in MESSAGES])
def test_schema_errors_name_the_field_and_the_fix(cli: Callable[..., Any], package: Path,
                                                  name: str, old: str, new: str,
                                                  needle: str) -> None:
    edit(package, old, new)
    result = cli("--backend", "local", "check", str(package))
    assert result.code == 2, result
    assert needle in result.out + result.err, result
    assert "levels.1" not in result.out + result.err  # no zero-based indexes


def test_check_says_counts_and_failing_levels_in_words(cli: Callable[..., Any],
                                                       package: Path) -> None:
    result = cli("--backend", "local", "check", str(package))
    assert result.code == 0, result
    line = next(x for x in result.out.splitlines() if "wrong solution case-sensitive" in x)
    assert "fails l1, l2" in line and "{" not in line, line
    assert "failed" in line and "passed" in line, line
    data = json.loads(cli("--backend", "local", "check", str(package), "--json").out)
    step = next(s for s in data["problems"][0]["steps"] if s["name"] == "wrong solution case-sensitive")
    assert step["failing_levels"] == ["l1", "l2"]
    assert step["counts"]["failed"] >= 2 and set(step["counts"]) <= {"passed", "failed", "error"}


def test_margin_failure_suggests_the_smallest_limit_that_passes(cli: Callable[..., Any],
                                                                package: Path) -> None:
    words = package / "solution" / "words.py"
    words.write_text(words.read_text() + "\n\nimport time\n_fast = count_words\n\n\n"
                     "def count_words(text):  # the same answer, 0.6 s of CPU later\n"
                     "    started = time.process_time()\n"
                     "    while time.process_time() - started < 0.6:\n        pass\n"
                     "    return _fast(text)\n")
    edit(package, "  time: 2.0", "  time: 1.0")
    result = cli("--backend", "local", "check", str(package))
    line = next(x for x in result.out.splitlines() if "time-limit margin" in x)
    assert result.code == 1 and "over half" in line, result
    assert "a limit of at least" in line and "would pass" in line, line

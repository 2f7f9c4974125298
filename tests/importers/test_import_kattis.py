"""`harness import kattis`: small packages written to the Kattis layouts, imported, then checked."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from harness.importers.kattis import Flags, checker_for, parse_flags, tex_to_markdown

KATTIS = Path(__file__).resolve().parents[1] / "data" / "importers" / "kattis"

# The packages the local backend can check (pairs has a checker program: see the docker test).
LOCAL = [("addition", ["main"]), ("mean", ["group1", "group2"]), ("shout", ["main"])]


def imported(cli: Callable[..., Any], source: Path, into: Path, *extra: str) -> Path:
    """Import without the check (the parametrized tests below prove every package)."""
    result = cli("--backend", "local", "import", "kattis", str(source), "--into", str(into),
                 "--no-check", *extra)
    assert result.code == 0, result
    return into / source.name


def spec(package: Path) -> dict[str, Any]:
    return dict(yaml.safe_load((package / "problem.yaml").read_text()))


def files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize(("name", "levels"), LOCAL, ids=[p[0] for p in LOCAL])
def test_imported_package_passes_check(cli: Callable[..., Any], into: Path, checked: Any,
                                       name: str, levels: list[str]) -> None:
    result = cli("--backend", "local", "import", "kattis", str(KATTIS / name), "--into", str(into))
    assert result.code == 0 and "check: passed (local backend)" in result.out, result
    assert [lv["id"] for lv in spec(into / name)["levels"]] == levels
    report = checked(into / name, "--backend", "local")
    assert all(s["ok"] for s in report["steps"]), report


@pytest.mark.docker
def test_custom_validator_package_passes_check_in_docker(cli: Callable[..., Any], into: Path,
                                                         checked: Any) -> None:
    result = cli("import", "kattis", str(KATTIS / "pairs"), "--into", str(into))
    assert result.code == 0 and "check: passed (docker backend)" in result.out, result
    report = checked(into / "pairs")
    names = {s["name"]: s["ok"] for s in report["steps"]}
    # zero-and-n is rejected only through the `min_part 1` validator flag
    assert names["reference passes"] and names["wrong solution zero-and-n"]


def test_samples_visible_secret_hidden_submissions_mapped(cli: Callable[..., Any], into: Path) -> None:
    package = imported(cli, KATTIS / "addition", into)
    data = spec(package)
    assert data["mode"] == "io" and data["checker"] == {"case_sensitive": False}
    assert data["levels"][0]["visible"] == ["tests/visible/sample"]
    assert files(package / "tests") == [
        "hidden/main/01-zero.ans", "hidden/main/01-zero.in", "hidden/main/02-negative.ans",
        "hidden/main/02-negative.in", "hidden/main/03-big.ans", "hidden/main/03-big.in",
        "visible/sample/1.ans", "visible/sample/1.in", "visible/sample/2.ans", "visible/sample/2.in"]
    assert {w["name"]: w["expect"] for w in data["wrong"]} == {
        "subtract": {"verdict": "failed"}, "count-up": {"verdict": "timeout"},
        "no-negatives": {"verdict": "error"}}
    source = KATTIS / "addition" / "submissions" / "accepted" / "add.py"
    assert (package / "solution" / "solution.py").read_text() == source.read_text()
    assert not (package / "solution" / "add.cpp").exists()


# A 2025-09 package written here: rejected/ and brute_force/ next to the classic folders.
TRIANGLE = {
    "problem.yaml": "problem_format_version: 2025-09\nname: Triangle Numbers\n"
                    "limits:\n  time_limit: 1\n",
    "statement/problem.en.md": "Print $1 + 2 + \\dots + n$.\n\n## Input\n\nOne integer "
                               "$n$ ($1 \\le n \\le 10^9$).\n",
    "data/sample/1.in": "3\n", "data/sample/1.ans": "6\n",
    "data/secret/1.in": "10\n", "data/secret/1.ans": "55\n",
    "data/secret/2.in": "1000000000\n", "data/secret/2.ans": "500000000500000000\n",
    "submissions/accepted/sum.py": "n = int(input())\nprint(n * (n + 1) // 2)\n",
    # wrong only on the big case: 32-bit arithmetic, as in C
    "submissions/rejected/sum.py": "n = int(input())\nprint(n * (n + 1) // 2 % 2**32)\n",
    # right, but a billion additions blow the 1 s limit on the big case
    "submissions/brute_force/sum.py": "total = 0\nfor i in range(int(input()) + 1):\n"
                                      "    total += i\nprint(total)\n",
    "submissions/partially_accepted/half.py": "print(0)\n",
    "submissions/submissions.yaml": "brute_force/sum.py:\n  permitted: [AC, TLE]\n",
}


def test_rejected_and_brute_force_become_wrong_solutions(cli: Callable[..., Any], into: Path,
                                                          checked: Any, tmp_path: Path) -> None:
    source = tmp_path / "sources" / "triangle"
    for name, text in TRIANGLE.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text)
    result = cli("import", "kattis", str(source), "--into", str(into), "--no-check")
    assert result.code == 0, result
    left_out = [line.strip() for line in result.out.splitlines() if "not carried over" in line]
    assert left_out == ["note: submissions/partially_accepted/ not carried over (no harness "
                        "verdict to expect)"], result.out
    assert "submissions/submissions.yaml not read" in result.out
    assert {w["name"]: (w["expect"], w["note"]) for w in spec(into / "triangle")["wrong"]} == {
        "sum": ({"verdict": ["failed", "timeout", "error", "memory", "output_limit"]},
                "submissions/rejected/sum.py"),
        "sum-brute-force": ({"verdict": ["timeout", "error"]}, "submissions/brute_force/sum.py")}
    report = checked(into / "triangle", "--backend", "local")
    steps = {s["name"]: s for s in report["steps"]}
    assert all(s["ok"] for s in report["steps"]), report
    assert steps["wrong solution sum"]["counts"].get("failed") == 1, steps
    assert steps["wrong solution sum-brute-force"]["counts"].get("timeout") == 1, steps


def test_time_limit_defaults_with_a_note(cli: Callable[..., Any], into: Path) -> None:
    result = cli("import", "kattis", str(KATTIS / "addition"), "--into", str(into), "--no-check")
    assert "no limits.time_limit" in result.out and "using 2 s" in result.out
    assert "non-Python submissions skipped: add.cpp" in result.out
    data = spec(into / "addition")
    assert "time" not in data.get("limits", {})  # the harness default, 2 s
    assert data["limits"]["memory"] == 512
    assert "# note: problem.yaml has no limits.time_limit" in (into / "addition" / "problem.yaml").read_text()


def test_groups_become_levels_with_float_checker(cli: Callable[..., Any], into: Path) -> None:
    package = imported(cli, KATTIS / "mean", into)
    data = spec(package)
    assert data["limits"] == {"time": 1.5, "memory": 1024}
    assert data["checker"] == {"kind": "float", "case_sensitive": False, "abs_tol": 1e-6,
                               "rel_tol": 1e-6}
    assert [(lv["visible"], lv["hidden"]) for lv in data["levels"]] == [
        (["tests/visible/sample"], ["tests/hidden/group1"]),
        (["tests/visible/sample"], ["tests/hidden/group2"])]
    assert data["tags"] == ["kattis", "imported", "math", "floating-point"]
    statement = (package / "statements" / "group1.md").read_text()
    assert statement.startswith("# Mean Value\n") and "## Sample 1" in statement
    assert (package / "statements" / "numbers.svg").is_file()
    assert "test group `group2`" in (package / "statements" / "group2.md").read_text()


def test_exact_checker_and_no_samples(cli: Callable[..., Any], into: Path) -> None:
    package = imported(cli, KATTIS / "shout", into)
    data = spec(package)
    assert data["checker"] == {"kind": "exact"}
    assert data["levels"][0]["visible"] == ["tests/visible/main"]
    assert files(package / "tests" / "visible") == ["main/a.ans", "main/a.in"]
    assert "## Input" in (package / "statements" / "main.md").read_text()


def test_custom_validator_runs_with_its_flags(cli: Callable[..., Any], into: Path,
                                              tmp_path: Path) -> None:
    package = imported(cli, KATTIS / "pairs", into)
    assert spec(package)["checker"] == {"kind": "program", "program": "checker/harness_check.py"}
    sample = package / "tests" / "visible" / "sample" / "1"
    feedback = tmp_path / "feedback"
    feedback.mkdir()

    def judge(output: str) -> int:
        argv = [sys.executable, str(package / "checker" / "harness_check.py"),
                f"{sample}.in", f"{sample}.ans", str(feedback)]
        return subprocess.run(argv, input=output, text=True, check=False).returncode

    assert judge("1 4\n") == 42
    assert judge("0 5\n") == 43  # only the flag `min_part 1` rejects this
    assert "at least 1" in (feedback / "judgemessage.txt").read_text()


def test_latex_statement_is_converted_lightly() -> None:
    text, title = tex_to_markdown("\\problemname{Sum}\n\\section*{Input}\nTwo \\emph{integers}"
                                  " $a$ and~$b$. % hidden\n50\\% off\n")
    assert title == "Sum"
    assert text == "## Input\nTwo *integers* $a$ and $b$. \n50% off"


FLAGS = [
    ([], {"kind": "tokens", "case_sensitive": False}),
    (["case_sensitive"], {"kind": "tokens", "case_sensitive": True}),
    (["float_tolerance", "1e-4"], {"kind": "float", "abs_tol": 1e-4, "rel_tol": 1e-4}),
    (["float_absolute_tolerance", "0.01"], {"kind": "float", "abs_tol": 0.01, "rel_tol": 0.0}),
    (["float_relative_tolerance", "1e-3", "case_sensitive"],
     {"kind": "float", "abs_tol": 0.0, "rel_tol": 1e-3, "case_sensitive": True}),
    (["case_sensitive", "space_change_sensitive"], {"kind": "exact"}),
]


@pytest.mark.parametrize(("flags", "expected"), FLAGS, ids=[" ".join(f) or "none" for f, _ in FLAGS])
def test_default_validator_flags_map_to_checkers(flags: list[str], expected: dict[str, Any]) -> None:
    checker = checker_for(parse_flags(flags)).model_dump()
    assert {k: checker[k] for k in expected} == expected


BAD_FLAGS = [
    (["ignore_case"], "unknown output validator option 'ignore_case'"),
    (["float_tolerance"], "needs a number"),
    (["float_tolerance", "1e-6", "float_absolute_tolerance", "1e-3"], "sets a tolerance twice"),
    (["space_change_sensitive"], "without case_sensitive"),
    (["case_sensitive", "space_change_sensitive", "float_tolerance", "1e-6"], "float tolerance"),
]


@pytest.mark.parametrize(("flags", "needle"), BAD_FLAGS, ids=[b[1] for b in BAD_FLAGS])
def test_flags_without_a_harness_checker_are_refused(flags: list[str], needle: str) -> None:
    with pytest.raises(ValueError, match=needle):
        checker_for(parse_flags(flags))
    assert Flags() == parse_flags([])


# --- refusals: a clear message, and nothing written --------------------------------------


def test_interactive_legacy_package_is_refused(cli: Callable[..., Any], into: Path, refused: Any,
                                               editor: Any, source_copy: Callable[[str], Path]) -> None:
    source = source_copy("kattis/addition")
    editor(source / "problem.yaml", "validation: default", "validation: custom interactive")
    result = cli("import", "kattis", str(source), "--into", str(into))
    refused(result, into, "validation: custom interactive", "interactive problems cannot be carried over")


def test_interactive_type_is_refused(cli: Callable[..., Any], into: Path, refused: Any, editor: Any,
                                     source_copy: Callable[[str], Path]) -> None:
    source = source_copy("kattis/mean")
    editor(source / "problem.yaml", "type: pass-fail", "type: [pass-fail, interactive]")
    result = cli("import", "kattis", str(source), "--into", str(into))
    refused(result, into, "type: interactive")


def test_no_python_submission_is_refused(cli: Callable[..., Any], into: Path, refused: Any,
                                         source_copy: Callable[[str], Path]) -> None:
    source = source_copy("kattis/addition")
    (source / "submissions" / "accepted" / "add.py").unlink()
    result = cli("import", "kattis", str(source), "--into", str(into))
    refused(result, into, "no Python submission in submissions/accepted/ (found: add.cpp)")


def test_unknown_validator_flag_is_refused(cli: Callable[..., Any], into: Path, refused: Any,
                                           editor: Any, source_copy: Callable[[str], Path]) -> None:
    source = source_copy("kattis/addition")
    editor(source / "problem.yaml", "validation: default", "validator_flags: float_tolerence 1e-6")
    result = cli("import", "kattis", str(source), "--into", str(into))
    refused(result, into, "unknown output validator option 'float_tolerence'")


def test_unknown_flag_in_test_group_is_refused(cli: Callable[..., Any], into: Path, refused: Any,
                                               editor: Any, source_copy: Callable[[str], Path]) -> None:
    source = source_copy("kattis/mean")
    editor(source / "data" / "test_group.yaml", '"1e-6"]', '"1e-6", squash_spaces]')
    result = cli("import", "kattis", str(source), "--into", str(into))
    refused(result, into, "unknown output validator option 'squash_spaces'")


def test_unknown_problem_yaml_key_is_refused(cli: Callable[..., Any], into: Path, refused: Any,
                                             editor: Any, source_copy: Callable[[str], Path]) -> None:
    source = source_copy("kattis/shout")
    editor(source / "problem.yaml", "name: Shout", "name: Shout\ndifficulty: easy")
    result = cli("import", "kattis", str(source), "--into", str(into))
    refused(result, into, "unknown key(s) in problem.yaml: difficulty")


def test_flags_differing_between_groups_are_refused(cli: Callable[..., Any], into: Path,
                                                    refused: Any,
                                                    source_copy: Callable[[str], Path]) -> None:
    source = source_copy("kattis/mean")
    (source / "data" / "secret" / "group2" / "test_group.yaml").write_text(
        "output_validator_args: [float_tolerance, '1e-3']\n")
    result = cli("import", "kattis", str(source), "--into", str(into))
    refused(result, into, "different output validator flags", "data/secret/group2/test_group.yaml")


def test_non_python_validator_is_refused(cli: Callable[..., Any], into: Path, refused: Any,
                                         source_copy: Callable[[str], Path]) -> None:
    source = source_copy("kattis/pairs")
    validator = source / "output_validators" / "split_validator"
    shutil.rmtree(validator)
    validator.mkdir()
    (validator / "validate.cpp").write_text("int main() { return 42; }\n")
    result = cli("import", "kattis", str(source), "--into", str(into))
    refused(result, into, "output_validators/split_validator is not a Python program")


def test_missing_answer_file_is_refused(cli: Callable[..., Any], into: Path, refused: Any,
                                        source_copy: Callable[[str], Path]) -> None:
    source = source_copy("kattis/shout")
    (source / "data" / "secret" / "b.ans").unlink()
    result = cli("import", "kattis", str(source), "--into", str(into))
    refused(result, into, "data/secret/b.in has no answer file")


def test_package_failing_check_is_not_written(cli: Callable[..., Any], into: Path,
                                              source_copy: Callable[[str], Path]) -> None:
    source = source_copy("kattis/shout")
    (source / "submissions" / "accepted" / "shout.py").write_text("print(input().lower())\n")
    result = cli("--backend", "local", "import", "kattis", str(source), "--into", str(into))
    assert result.code == 1, result
    assert "FAIL reference passes" in result.err and "nothing was written" in result.err
    assert list(into.iterdir()) == []

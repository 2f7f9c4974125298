"""problem.yaml, format_version 1: the pydantic model and ``load_problem``.

Validated once, where it enters; unknown keys are errors.  Everything after
this module works with the frozen :class:`Problem` and its absolute paths.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from harness.documents import DocumentRefused, load_yaml
from harness.errors import InvalidProblem
from harness.limits import RESULTS_CAP, YAML_BYTES
from harness.safecopy import CopyRefused, scan_tree

__all__ = [
    "Checker",
    "Expectation",
    "Level",
    "Problem",
    "ProblemLimits",
    "ProblemSpec",
    "WrongSolution",
    "load_problem",
]

SLUG = r"^[a-z0-9][a-z0-9-]{0,62}$"
SCHEMA_COMMENT = "# yaml-language-server: $schema="

Slug = Annotated[str, Field(pattern=SLUG, description="lower-case letters, digits and dashes")]
RelPath = Annotated[str, Field(min_length=1, description="a path inside the problem folder")]
# An exact pin and nothing else: no URL, no option (`--index-url` ...), no range.
PIN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}==[A-Za-z0-9][A-Za-z0-9.+!_-]{0,49}$"
Pin = Annotated[str, Field(pattern=PIN, description="an exact pin: name==version")]
Verdict = Literal["passed", "failed", "error", "timeout", "memory", "output_limit"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProblemLimits(_Strict):
    """Per-test limits inside the sandbox."""

    time: float = Field(
        2.0, gt=0, le=120,
        description="seconds of CPU per test (one CPU in the sandbox); a wall-clock ceiling of "
        "3x this plus 1 s ends code that sleeps or blocks")
    memory: int = Field(256, ge=32, le=8192, description="MiB for the whole run, no swap")
    # A test's output travels in results.json: the limit must fit the results cap (#12).
    output: int = Field(1 << 20, ge=1024, le=RESULTS_CAP // 2,
                        description="bytes a test may print (at most half the results cap)")


class Checker(_Strict):
    """io mode: how an output is compared with the expected answer."""

    kind: Literal["exact", "tokens", "float", "program"] = "tokens"
    case_sensitive: bool = True
    abs_tol: float = Field(1e-6, ge=0)
    rel_tol: float = Field(1e-6, ge=0)
    program: RelPath | None = Field(
        None, description="checker script (kind: program), Kattis convention: exit 42 / 43"
    )

    @model_validator(mode="after")
    def _program_given(self) -> Checker:
        if (self.kind == "program") != (self.program is not None):
            raise ValueError("`program` is required with kind: program, and only then")
        return self


class Level(_Strict):
    """One level: its statement, points and tests.  Later levels extend the same code."""

    id: Slug
    title: str = Field(min_length=1)
    statement: RelPath
    points: float = Field(100, gt=0)
    visible: list[RelPath] = Field(description="test files or folders the candidate can run")
    hidden: list[RelPath] = Field(default_factory=list, description="tests run only on submit")
    starter: RelPath | None = Field(
        None, description="a folder of extra starter files that appear when this level unlocks"
    )

    @field_validator("visible")
    @classmethod
    def _has_tests(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("a level needs at least one visible test file or folder")
        return value


class Expectation(_Strict):
    """What a known-wrong solution must get: a verdict, levels it fails, or both."""

    verdict: Verdict | Annotated[list[Verdict], Field(min_length=1)] | None = Field(
        None,
        description="at least one test gets this verdict, or one of these verdicts when a list "
        "(e.g. [timeout, error]: too slow or crashes, either will do)",
    )
    fails: list[Slug] | None = Field(
        None, description="exactly these levels have a failing test; the others pass"
    )

    @field_validator("verdict", mode="before")
    @classmethod
    def _not_empty(cls, value: object) -> object:
        # One clear line instead of a union error per branch (literal and list).
        if isinstance(value, list) and not value:
            raise ValueError("an empty list of verdicts: name at least one, or leave `verdict` out")
        return value

    @model_validator(mode="after")
    def _something(self) -> Expectation:
        if self.verdict is None and self.fails is None:
            raise ValueError("say what it must get: `verdict`, `fails` or both")
        return self

    @property
    def verdicts(self) -> tuple[Verdict, ...]:
        """The accepted verdicts, one form for both spellings; empty when none is declared."""
        if self.verdict is None:
            return ()
        return (self.verdict,) if isinstance(self.verdict, str) else tuple(self.verdict)


class WrongSolution(_Strict):
    """A solution that must not pass, and how it must fail."""

    name: Slug
    path: RelPath
    expect: Expectation
    note: str = ""


class ProblemSpec(_Strict):
    """The whole of problem.yaml."""

    format_version: Literal[1]
    id: Slug
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    difficulty: Literal["easy", "medium", "hard"]
    tags: list[str] = Field(default_factory=list)
    duration: int = Field(60, ge=1, le=480, description="session length in minutes")
    language: Literal["python"] = "python"
    mode: Literal["pytest", "io"] = "pytest"
    entry: str = Field("solution.py", description="io mode: the script run for each input")
    isolation: Literal["process", "inprocess"] = Field(
        "process",
        description="pytest mode: `process` runs the submission in a process and uid of its own "
        "behind a proxy (tamper-proof); `inprocess` imports it into the tests' process, for "
        "suites that cannot work across a boundary: a submission can then forge its results")
    requires: list[Pin] = Field(
        default_factory=list, max_length=20,
        description="extra packages, pinned (e.g. pandas==2.2.3): the problem then runs on "
        "the sandbox image plus exactly these, installed from binary wheels")
    limits: ProblemLimits = ProblemLimits()
    checker: Checker = Checker()
    levels: list[Level] = Field(min_length=1)
    starter: RelPath = "starter"
    solution: RelPath = "solution"
    wrong: list[WrongSolution] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> ProblemSpec:
        for what, names in (("level id", [lv.id for lv in self.levels]),
                            ("wrong solution name", [w.name for w in self.wrong])):
            dupes = sorted({n for n in names if names.count(n) > 1})
            if dupes:
                raise ValueError(f"duplicate {what}: {', '.join(dupes)}")
        known = {lv.id for lv in self.levels}
        for wrong in self.wrong:
            unknown = sorted(set(wrong.expect.fails or ()) - known)
            if unknown:
                raise ValueError(f"wrong solution {wrong.name!r} names unknown levels: {unknown}")
        return self


class Problem:
    """A loaded, validated problem: the spec plus the folder it lives in."""

    def __init__(self, spec: ProblemSpec, root: Path) -> None:
        self.spec = spec
        self.root = root

    @property
    def id(self) -> str:
        return self.spec.id

    def path(self, relative: str) -> Path:
        return self.root / relative

    def level(self, level_id: str) -> Level:
        for level in self.spec.levels:
            if level.id == level_id:
                return level
        raise InvalidProblem(f"{self.id}: no level {level_id!r}")

    def level_index(self, level_id: str) -> int:
        return [lv.id for lv in self.spec.levels].index(level_id)

    def __repr__(self) -> str:
        return f"Problem({self.id!r}, {self.root})"


def _yaml_error(path: Path, exc: Exception) -> InvalidProblem:
    mark = getattr(exc, "problem_mark", None)
    where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
    problem = getattr(exc, "problem", None) or str(exc)
    return InvalidProblem(f"{where}: this is not valid YAML: {problem}",
                          hint="fix the YAML syntax at that line (indentation, quoting, colons)")


def _pydantic_error(path: Path, data: object, exc: ValidationError) -> InvalidProblem:
    from harness.spec_errors import describe_errors

    lines = [f"  {line}" for line in describe_errors(ProblemSpec, data, exc)]
    return InvalidProblem(f"{path}: {len(lines)} problem(s) in problem.yaml:\n" + "\n".join(lines),
                          hint="fix each line above; every field is described in "
                          "docs/problem-format.md and problems/problem.schema.json (`harness schema`)")


def _check_paths(problem: Problem, source: Path) -> None:
    spec = problem.spec
    refs: list[tuple[str, str]] = [("starter", spec.starter), ("solution", spec.solution)]
    for level in spec.levels:
        at = f"levels[{level.id}]"
        refs.append((f"{at}.statement", level.statement))
        refs += [(f"{at}.visible", p) for p in level.visible]
        refs += [(f"{at}.hidden", p) for p in level.hidden]
        if level.starter:
            refs.append((f"{at}.starter", level.starter))
    refs += [(f"wrong[{w.name}].path", w.path) for w in spec.wrong]
    if spec.checker.program:
        refs.append(("checker.program", spec.checker.program))
    root = problem.root.resolve()
    for field, rel in refs:
        target = (problem.root / rel).resolve()
        parts = PurePosixPath(rel).parts
        if PurePosixPath(rel).is_absolute() or ".." in parts or not target.is_relative_to(root):
            raise InvalidProblem(f"{source}: {field}: {rel!r} points outside the problem folder")
        if not target.exists():
            raise InvalidProblem(f"{source}: {field}: file or folder {rel!r} does not exist",
                                 hint=f"create {problem.root / rel} or fix the path")


def _check_tree(folder: Path) -> None:
    """Nothing in a package may be a symlink or a special file (issue 11: a symlink nested
    in tests/ or starter/ carried any host file into the sandbox and the workspace)."""
    try:
        found = scan_tree(folder)
    except CopyRefused as exc:
        raise InvalidProblem(f"{folder}: {exc.message}", hint="a problem package is small: "
                             "keep data sets out of it") from exc
    if found.skipped:
        bad = found.skipped[0]
        raise InvalidProblem(f"{folder / bad.path}: is {bad.reason}; a problem package holds "
                             "regular files and folders only",
                             hint="replace it with a copy of the file it stands for")


def _read_yaml(source: Path) -> object:
    import yaml

    try:
        with source.open("rb") as fh:
            raw = fh.read(YAML_BYTES + 1)
    except OSError as exc:
        raise InvalidProblem(f"{source}: cannot read: {exc.strerror}") from exc
    try:
        return load_yaml(raw, what="problem.yaml")
    except yaml.YAMLError as exc:
        raise _yaml_error(source, exc) from exc
    except DocumentRefused as exc:
        raise InvalidProblem(f"{source}: {exc}", hint="problem.yaml is plain YAML: no "
                             "aliases, a few kilobytes") from exc


def load_problem(folder: Path) -> Problem:
    """Load and validate ``folder/problem.yaml``; InvalidProblem says what to fix."""
    source = folder / "problem.yaml"
    _check_tree(folder)
    data = _read_yaml(source)
    if not isinstance(data, dict):
        raise InvalidProblem(f"{source}: expected a mapping of keys, got {type(data).__name__}")
    try:
        spec = ProblemSpec.model_validate(data)
    except ValidationError as exc:
        raise _pydantic_error(source, data, exc) from exc
    problem = Problem(spec, folder)
    _check_paths(problem, source)
    return problem

"""`harness new` and `harness check`."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from harness.authoring import CheckReport, Step, check_problem
from harness.catalog import Catalog
from harness.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, InvalidProblem, UsageError
from harness.output import console, emit_json, spinner
from harness.safecopy import copy_tree
from harness.sandbox import get_backend
from harness.spec import SLUG, Problem

__all__ = ["check_problems", "new_problem"]

TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "new_problem"
SCHEMA = Path(__file__).resolve().parents[2] / "problems" / "problem.schema.json"


def new_problem(problem_id: str, into: Path) -> int:
    """Copy the example template to ``into/problem_id`` with the id filled in."""
    if not re.match(SLUG, problem_id):
        raise UsageError(f"{problem_id!r} is not a valid id",
                         hint="use lower-case letters, digits and dashes, e.g. my-problem")
    dest = into / problem_id
    if dest.exists():
        raise UsageError(f"{dest} already exists", hint="pick another id or --into folder")
    copy_tree(TEMPLATE, dest, skip=lambda rel: rel.rsplit("/", 1)[-1] == "__pycache__")
    yaml_path = dest / "problem.yaml"
    schema = os.path.relpath(SCHEMA, dest.resolve())
    text = yaml_path.read_text().replace("__ID__", problem_id).replace("__SCHEMA__", schema)
    yaml_path.write_text(text)
    out = console()
    out.print(f"created {dest} (an example problem: edit it, then prove it)")
    out.print(f"next: harness --problems-dir {into} check {problem_id}")
    return EXIT_OK


def _targets(catalog: Catalog, names: tuple[str, ...], check_all: bool
             ) -> list[Problem | CheckReport]:
    if not names and not check_all:
        raise UsageError("name the problems to check, or pass --all")
    out: list[Problem | CheckReport] = []
    if check_all:
        out += [p for _, p in sorted(catalog.problems.items())]
        out += [_broken(str(f), e) for f, e in catalog.broken.items()]
    for name in names:
        try:
            out.append(catalog.get(name))
        except InvalidProblem as exc:
            out.append(_broken(name, exc))
    return out


def _broken(name: str, exc: InvalidProblem) -> CheckReport:
    reason = f"{exc.message}\nhint: {exc.hint}" if exc.hint else exc.message
    return CheckReport(name, (Step("schema", False, reason),))


def _print(report: CheckReport) -> None:
    from rich.markup import escape

    out = console()
    mark = "[green]PASS[/]" if report.ok else "[red]FAIL[/]"
    out.print(f"{mark} {report.problem}")
    for step in report.steps:
        sign = "[green]ok[/]  " if step.ok else "[red]FAIL[/]"
        out.print(f"  {sign} {step.name}: {escape(step.reason)}")


def check_problems(*, backend: str, problems_dirs: tuple[Path, ...], problems: tuple[str, ...],
                   check_all: bool, repeat: int, jobs: int, as_json: bool) -> int:
    """Check each problem; exit 1 if any step of any problem failed."""
    catalog = Catalog.load(problems_dirs)
    sandbox = get_backend(backend)
    reports: list[CheckReport] = []
    for target in _targets(catalog, problems, check_all):
        if isinstance(target, CheckReport):
            report = target
        else:
            with spinner(f"checking {target.id}...", quiet=as_json):
                report = check_problem(target, sandbox, repeat=repeat, jobs=jobs)
            report = CheckReport(report.problem, (Step("schema", True, "problem.yaml is valid"),
                                                  *report.steps))
        reports.append(report)
        if not as_json:
            _print(report)
    if as_json:
        emit_json({"ok": all(r.ok for r in reports), "problems": [_json(r) for r in reports]})
    return _exit_code(reports)


def _exit_code(reports: list[CheckReport]) -> int:
    """2 when a package does not even load (bad input, as for every other command that
    reads a broken problem.yaml), 1 when one loads but fails a step, 0 when all pass."""
    if any(not s.ok for r in reports for s in r.steps if s.name == "schema"):
        return EXIT_USAGE
    return EXIT_OK if all(r.ok for r in reports) else EXIT_FAILED


def _json(report: CheckReport) -> dict[str, Any]:
    return {"problem": report.problem, "ok": report.ok,
            "steps": [{"name": s.name, "ok": s.ok, "reason": s.reason,
                       "counts": dict(s.counts), "failing_levels": list(s.failing_levels)}
                      for s in report.steps]}

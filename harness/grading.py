"""Grading as a linear pipeline: plan -> stage -> expected ids -> sandbox -> verdicts.

Every step is a small function; a failing submission comes out as verdicts.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from harness.errors import SandboxError, UsageError
from harness.limits import RESULTS_CAP
from harness.paths import cache_dir, write_private
from harness.readback import ReadBack, parse_document, read_back
from harness.safecopy import CopyReport, copy_tree
from harness.sandbox import Job, Limits, Sandbox
from harness.staging import SuitePart, scratch, stage, tree_digest
from harness.verdicts import SuiteResult, TestResult, Verdict
from validators.checkers import CheckerOptions, compare

__all__ = ["FORGEABLE", "Plan", "copy_submission", "grade", "isolation_of", "plan_for_problem"]

FORGEABLE = ("isolation: inprocess: the submission ran inside the tests' process and could "
             "forge its results; these verdicts are not tamper-proof")
SKIP_DIRS = {".git", "__pycache__", ".pytest_cache", ".venv", "venv", "node_modules", ".mypy_cache",
             ".harness"}


@dataclass(frozen=True)
class Plan:
    """What one grading run needs: the suite parts, the mode, the limits."""

    mode: str  # pytest | io
    parts: tuple[SuitePart, ...]
    limits: Limits
    entry: str = "solution.py"
    checker: CheckerOptions = CheckerOptions()
    checker_program: Path | None = None
    reference: Path | None = None  # collect test ids with this on sys.path
    isolation: str = "process"  # pytest mode: process | inprocess (forgeable)

    @property
    def forgeable(self) -> bool:
        """Whether a submission can forge its own verdicts (pytest, inprocess)."""
        return self.mode == "pytest" and self.isolation == "inprocess"
    requires: tuple[str, ...] = ()  # extra pinned packages the problem runs with


def isolation_of(problem: object) -> str:
    """The problem's pytest isolation ('' for io mode), as a batch report states it."""
    plan = plan_for_problem(problem, [], hidden=False)
    return plan.isolation if plan.mode == "pytest" else ""


def plan_for_problem(problem: object, levels: Sequence[str], *, hidden: bool) -> Plan:
    """The plan for ``levels`` of a problem, hidden tests included only when asked."""
    from harness.spec import Problem

    assert isinstance(problem, Problem)
    spec = problem.spec
    parts: list[SuitePart] = []
    for level in spec.levels:
        if level.id not in levels:
            continue
        parts.append(SuitePart(level.id, "visible", tuple(problem.path(p) for p in level.visible),
                               within=problem.root))
        if hidden and level.hidden:
            parts.append(SuitePart(level.id, "hidden", tuple(problem.path(p) for p in level.hidden),
                                   within=problem.root))
    limits = Limits.from_spec(spec.limits)
    checker = spec.checker
    return Plan(
        mode=spec.mode, parts=tuple(parts), limits=limits, entry=spec.entry,
        checker=CheckerOptions(kind=checker.kind if checker.kind != "program" else "tokens",
                               case_sensitive=checker.case_sensitive, abs_tol=checker.abs_tol,
                               rel_tol=checker.rel_tol),
        checker_program=problem.path(checker.program) if checker.program else None,
        reference=problem.path(spec.solution), isolation=spec.isolation,
        requires=tuple(spec.requires),
    )


def _unwanted(rel: str) -> bool:
    return rel.rsplit("/", 1)[-1] in SKIP_DIRS


def copy_submission(source: Path, dest: Path) -> CopyReport:
    """Copy a submission folder (no caches, no VCS; regular files only) readable by the
    sandbox; what was left out (symlinks, special files) is in the report."""
    if not source.is_dir():
        raise UsageError(f"submission folder {source} does not exist")
    return copy_tree(source, dest, skip=_unwanted)


def _io_ids(suite: Path) -> list[str]:
    return [str(p.relative_to(suite).with_suffix("")) for p in sorted(suite.rglob("*.in"))]


def _collect(plan: Plan, suite: Path, sandbox: Sandbox, work: Path) -> list[str]:
    """The suite's test ids, from a trusted collect-only run, cached by content."""
    sources = [suite] + ([plan.reference] if plan.reference else [])
    key = tree_digest(*sources)
    cached = cache_dir() / "collect" / f"{key}.json"
    if cached.is_file():
        return list(json.loads(cached.read_text()))
    reference = None
    if plan.reference:
        copy_submission(plan.reference, work / "reference")
        reference = work / "reference"
    nonce = secrets.token_hex(16)
    job = Job(mode="collect", suite=suite, nonce=nonce, limits=replace(plan.limits, time=60),
              submission=reference, expected_tests=1, requires=plan.requires)
    for _attempt in range(2):  # no results at all is the machine's hiccup: try once more
        run = sandbox.run(job)
        doc, reason = parse_document(run.results, nonce, RESULTS_CAP)
        if doc is not None:
            break
    if doc is None:
        said = " ".join(run.stdout.split())[-500:]
        raise SandboxError(
            f"the run that lists the suite's tests wrote no results, twice: {reason}"
            + (f" ({run.note})" if run.note else "") + (f"; it printed: {said}" if said else ""),
            hint="check `harness doctor`; if it persists, `harness check` the problem")
    if doc.errors or not doc.collected:
        detail = "; ".join(doc.errors) if doc.errors else "no tests found"
        raise UsageError(f"could not list the suite's tests: {detail[:1500]}",
                         hint="run `harness check` on the problem to see what is wrong")
    partial = write_private(cached.with_suffix(f".{secrets.token_hex(4)}.tmp"),
                            json.dumps(list(doc.collected)))
    partial.replace(cached)  # atomic: a racing command reads all of it or none
    return list(doc.collected)


def _judge_answers(plan: Plan, back: ReadBack, full: Path, sandbox: Sandbox,
                   work: Path) -> tuple[TestResult, ...]:
    """io mode's answer step, on the host: each test that ran within its limits is
    judged by its output, with the problem's checker program or the built-in
    comparison; the answers never entered the container."""
    if plan.checker_program is not None:
        return _checker_verdicts(plan, back.tests, full, back.stdout, sandbox, work)
    return _io_verdicts(plan, back.tests, full, back.stdout)


def _io_verdicts(plan: Plan, results: tuple[TestResult, ...], answers: Path,
                 stdout: dict[str, str]) -> tuple[TestResult, ...]:
    out = []
    for test in results:
        reason = None
        if test.verdict is Verdict.PASSED:
            ans = (answers / f"{test.id}.ans").read_text("utf-8", "replace")
            reason = compare(stdout.get(test.id, ""), ans, plan.checker)
        out.append(test if reason is None else replace(test, verdict=Verdict.FAILED, message=reason))
    return tuple(out)


def _checker_verdicts(plan: Plan, results: tuple[TestResult, ...], full: Path,
                      stdout: dict[str, str], sandbox: Sandbox, work: Path) -> tuple[TestResult, ...]:
    """Run the author's checker program in a sandbox of its own."""
    assert plan.checker_program is not None
    outputs = work / "outputs"
    ran = [t for t in results if t.verdict is Verdict.PASSED]
    for test in ran:
        target = outputs / f"{test.id}.out"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(stdout.get(test.id, ""), encoding="utf-8")
    stage([], outputs)
    checker_dir = work / "checker"
    copy_submission(plan.checker_program.parent, checker_dir)
    nonce = secrets.token_hex(16)
    job = Job(mode="checker", suite=full, nonce=nonce, limits=plan.limits,
              submission=checker_dir, outputs=outputs,
              entry=plan.checker_program.name, expected_tests=len(ran))
    back = read_back(sandbox.run(job), nonce, [t.id for t in ran])
    checked, reason = back.tests, back.reason
    if reason:
        raise SandboxError(f"the checker program gave no trustworthy results: {reason}")
    by_id = {t.id: t for t in checked}
    return tuple(
        replace(t, verdict=by_id[t.id].verdict, message=by_id[t.id].message) if t.id in by_id else t
        for t in results
    )


def grade(plan: Plan, submission: Path, sandbox: Sandbox) -> SuiteResult:
    """Run ``plan`` against ``submission`` in ``sandbox``; every test gets a verdict."""
    with scratch("grade-") as work:
        full = stage(plan.parts, work / "suite")
        visible_suite = stage(plan.parts, work / "inputs", only_inputs=True) if plan.mode == "io" \
            else full
        expected = _io_ids(full) if plan.mode == "io" else _collect(plan, full, sandbox, work)
        sub = work / "submission"
        copied = copy_submission(submission, sub)
        nonce = secrets.token_hex(16)
        job = Job(mode=plan.mode, suite=visible_suite, nonce=nonce, limits=plan.limits,
                  submission=sub, entry=plan.entry, expected_tests=len(expected),
                  isolation=plan.isolation, requires=plan.requires)
        run = sandbox.run(job)
        back = read_back(run, nonce, expected)
        results, reason = back.tests, back.reason
        if plan.mode == "io":  # the answer step: the container only said what ran in time
            results = _judge_answers(plan, back, full, sandbox, work)
        results = tuple(replace(t, hidden=t.id.split("/")[1:2] == ["hidden"]) for t in results)
        notes = tuple(n for n in (copied.note("the submission"), reason, run.note,
                                  FORGEABLE if plan.forgeable else "") if n)
        return SuiteResult(tests=results, isolated=run.isolated, duration=run.duration, notes=notes)

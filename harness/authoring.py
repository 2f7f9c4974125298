"""Prove a problem package: a linear pipeline of small steps, each a pass/fail with a reason.

The runs (reference, starter, each wrong solution) are independent and go in
parallel up to ``jobs``; the steps that judge them run in order afterwards.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from harness.errors import HarnessError
from harness.grading import FORGEABLE, grade, plan_for_problem
from harness.sandbox import Sandbox
from harness.spec import Problem, WrongSolution
from harness.verdicts import SuiteResult, TestResult, Verdict

__all__ = ["CheckReport", "Step", "check_problem"]


@dataclass(frozen=True)
class Step:
    """One step's outcome; a run's verdict counts and failing levels ride along as data."""

    name: str
    ok: bool
    reason: str
    counts: tuple[tuple[str, int], ...] = ()
    failing_levels: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckReport:
    problem: str
    steps: tuple[Step, ...]

    @property
    def ok(self) -> bool:
        return all(step.ok for step in self.steps)


def _failing_levels(result: SuiteResult) -> set[str]:
    return {t.level for t in result.tests if not t.passed}


def _in_words(result: SuiteResult) -> str:
    """``8 passed, 3 failed; fails l2, l3``: what a run got, as a reader says it."""
    counts = ", ".join(f"{n} {verdict}" for verdict, n in sorted(result.counts().items()))
    failing = sorted(_failing_levels(result))
    return f"{counts or 'no tests'}; " + (f"fails {', '.join(failing)}" if failing
                                         else "passes every level")


def _run_step(name: str, ok: bool, reason: str, result: SuiteResult) -> Step:
    """A step about one run, carrying the run's counts and failing levels as data."""
    return Step(name, ok, reason, counts=tuple(sorted(result.counts().items())),
                failing_levels=tuple(sorted(_failing_levels(result))))


def step_statements(problem: Problem) -> Step:
    empty = [lv.statement for lv in problem.spec.levels
             if not problem.path(lv.statement).is_file()
             or not problem.path(lv.statement).read_text(encoding="utf-8").strip()]
    return Step("statements", not empty,
                f"empty or not a file: {', '.join(empty)}" if empty else
                f"{len(problem.spec.levels)} statement(s) present")


def step_hidden_unreachable(problem: Problem) -> Step:
    """No hidden test file sits inside the starter or a statement's folder."""
    exposed = {problem.path(problem.spec.starter).resolve()}
    exposed |= {problem.path(lv.statement).resolve().parent for lv in problem.spec.levels}
    exposed |= {problem.path(lv.starter).resolve() for lv in problem.spec.levels if lv.starter}
    leaks = [h for lv in problem.spec.levels for h in lv.hidden
             if any(problem.path(h).resolve().is_relative_to(e) for e in exposed)]
    return Step("hidden tests unreachable", not leaks,
                f"inside starter or statements: {', '.join(leaks)}" if leaks else
                "no hidden test is inside the starter or the statements")


def step_reference(problem: Problem, runs: list[SuiteResult]) -> Step:
    first = runs[0]
    bad = [f"{t.id}: {t.verdict.value} {t.message[:200]}" for t in first.tests if not t.passed]
    return Step("reference passes", not bad,
                "; ".join(bad[:5]) if bad else f"all {len(first.tests)} tests passed")


def step_counts(problem: Problem, reference: SuiteResult) -> Step:
    empty = [lv.id for lv in problem.spec.levels if not reference.for_level(lv.id)]
    return Step("every level has tests", not empty,
                f"no tests collected for level(s) {', '.join(empty)}" if empty else
                ", ".join(f"{lv.id}: {len(reference.for_level(lv.id))}"
                          for lv in problem.spec.levels))


def _spent(test: TestResult) -> float:
    """What the limit counts: CPU seconds where the run measured them (issue 12),
    wall-clock seconds otherwise (an older validator, the checker's own runs)."""
    return test.cpu if test.cpu is not None else test.duration


def step_margin(problem: Problem, runs: list[SuiteResult]) -> Step:
    limit = problem.spec.limits.time
    slowest = max((t for run in runs for t in run.tests), key=_spent, default=None)
    if slowest is None:
        return Step("time-limit margin", False, "no tests ran")
    spent = _spent(slowest)
    ok = spent <= limit / 2
    runs_said = f"the worst of {len(runs)} runs" if len(runs) > 1 else "one run"
    what = "CPU" if slowest.cpu is not None else "wall-clock time"
    reason = (f"slowest reference test {slowest.id} took {spent:.3f} s of {what} "
              f"({slowest.duration:.3f} s wall, {runs_said}) of a {limit:g} s CPU limit "
              f"({'within' if ok else 'over'} half)")
    if not ok:
        # The rule: the slowest reference test must fit in half the limit.
        smallest = math.ceil(spent * 2 * 10) / 10
        reason += (f"; a limit of at least {smallest:g} s would pass (set limits.time), "
                   "or make the reference faster")
    return Step("time-limit margin", ok, reason)


def step_flaky(runs: list[SuiteResult]) -> Step:
    verdicts = [{t.id: t.verdict for t in run.tests} for run in runs]
    unstable = sorted({i for v in verdicts[1:] for i in v if v[i] != verdicts[0].get(i)})
    return Step("not flaky", not unstable,
                f"verdicts changed between runs: {', '.join(unstable[:5])}" if unstable else
                f"same verdicts over {len(runs)} runs")


def step_isolation(problem: Problem) -> Step:
    """Says whether verdicts can be forged; never fails the check by itself."""
    spec = problem.spec
    if spec.mode != "pytest":
        return Step("isolation", True, "io mode: the submission runs under a uid of its own")
    if spec.isolation == "inprocess":
        return Step("isolation", True, f"FORGEABLE: {FORGEABLE}")
    return Step("isolation", True, "process: the submission runs in a process and uid of its own")


def step_starter(problem: Problem, result: SuiteResult) -> Step:
    passing = [lv.id for lv in problem.spec.levels if lv.id not in _failing_levels(result)]
    return _run_step("starter fails every level", not passing,
                     f"the starter passes every test of level(s) {', '.join(passing)} "
                     "(vacuous tests?)" if passing
                     else f"each level has a failing test (got {_in_words(result)})", result)


def step_wrong(wrong: WrongSolution, result: SuiteResult) -> Step:
    expect = wrong.expect
    problems: list[str] = []
    wanted = {Verdict(v) for v in expect.verdicts}
    if wanted and not any(t.verdict in wanted for t in result.tests):
        named = ", ".join(expect.verdicts)
        problems.append(f"no test got {'one of ' if len(wanted) > 1 else ''}{named}")
    if expect.fails is not None and _failing_levels(result) != set(expect.fails):
        problems.append(f"declared to fail {', '.join(sorted(expect.fails)) or 'no level'}")
        unexpected = [t for t in result.tests if not t.passed and t.level not in expect.fails]
        problems += [f"{t.id}: {t.verdict.value}" + (f" ({t.message[:200]})" if t.message else "")
                     for t in unexpected[:3]]
    if problems and result.notes:
        problems.append("run notes: " + "; ".join(result.notes))
    detail = "; ".join(problems) + f" (got {_in_words(result)})" if problems else \
        f"as declared (got {_in_words(result)})"
    return _run_step(f"wrong solution {wrong.name}", not problems, detail, result)


def check_problem(problem: Problem, sandbox: Sandbox, *, repeat: int, jobs: int,
                  progress: Callable[[str], None] = lambda _m: None) -> CheckReport:
    """Run every step; a run that cannot happen becomes a failed step, not a crash."""
    spec = problem.spec
    levels = [lv.id for lv in spec.levels]
    plan = plan_for_problem(problem, levels, hidden=True)
    targets: list[tuple[str, Path]] = [("reference", problem.path(spec.solution))] * repeat
    targets.append(("starter", problem.path(spec.starter)))
    targets += [(f"wrong:{w.name}", problem.path(w.path)) for w in spec.wrong]
    steps = [step_statements(problem), step_hidden_unreachable(problem), step_isolation(problem)]
    try:
        # The first run lists the suite's tests (cached); the rest go in parallel.
        results = [_graded(plan, targets[0], sandbox, progress)]
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results += pool.map(lambda t: _graded(plan, t, sandbox, progress), targets[1:])
    except HarnessError as exc:
        return CheckReport(spec.id, (*steps, Step("runs", False, exc.message)))
    reference = results[:repeat]
    steps += [step_reference(problem, reference), step_counts(problem, reference[0]),
              step_margin(problem, reference), step_flaky(reference),
              step_starter(problem, results[repeat])]
    steps += [step_wrong(w, r) for w, r in zip(spec.wrong, results[repeat + 1:], strict=True)]
    return CheckReport(spec.id, tuple(steps))


def _graded(plan: object, target: tuple[str, Path], sandbox: Sandbox,
            progress: Callable[[str], None]) -> SuiteResult:
    from harness.grading import Plan

    assert isinstance(plan, Plan)
    name, folder = target
    result = grade(plan, folder, sandbox)
    progress(f"{name}: {result.passed}/{len(result.tests)} passed")
    return result

"""What `harness grade` does: a batch of submissions, a progress bar, a summary."""

from __future__ import annotations

import csv
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.catalog import Catalog
from harness.engines.local import LocalEngine
from harness.errors import EXIT_FAILED, EXIT_OK, HarnessError, SandboxUnavailable
from harness.grading import FORGEABLE, Plan, grade, isolation_of
from harness.output import console, emit_json, err_console
from harness.report import score_levels
from harness.sandbox import Sandbox

if TYPE_CHECKING:
    from harness.engines import Engine

__all__ = ["Graded", "grade_many", "grade_one", "report_batch"]

VERDICTS = ("passed", "failed", "error", "timeout", "memory", "output_limit", "missing")
SHORT = {"passed": "pass", "failed": "fail", "error": "err", "timeout": "time",
         "memory": "mem", "output_limit": "out", "missing": "miss"}


@dataclass(frozen=True)
class Graded:
    """One submission's outcome: a score and verdict counts, or why it could not be graded."""

    submission: str
    score: float
    max_score: float
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    problem: str = ""  # a reason when the submission could not be graded at all
    notes: str = ""  # what the run noted: files skipped, results not trusted

    def row(self) -> dict[str, Any]:
        return {"submission": self.submission, "score": self.score, "max_score": self.max_score,
                **{v: self.counts.get(v, 0) for v in VERDICTS}, "seconds": round(self.seconds, 3),
                "problem": self.problem, "notes": self.notes}


def _harness_broke(exc: Exception) -> bool:
    """Whether the harness itself cannot go on (no daemon, or it was lost: DaemonLost
    is a SandboxUnavailable), not just this submission.  By type only: the docker
    modules let nothing of docker-py or requests through."""
    return isinstance(exc, SandboxUnavailable)


def _one(plan: Plan, points: dict[str, float], folder: Path, sandbox: Sandbox) -> Graded:
    started = time.perf_counter()
    maximum = sum(points.values())
    try:
        result = grade(plan, folder, sandbox)
    except Exception as exc:
        if _harness_broke(exc):
            raise  # no daemon: the whole batch cannot go on
        # Anything else is this submission's trouble (a special file, deep nesting, a
        # document that breaks a parser): its row says so and the batch goes on (#11).
        reason = exc.message if isinstance(exc, HarnessError) else f"{type(exc).__name__}: {exc}"
        return Graded(str(folder), 0.0, maximum, seconds=time.perf_counter() - started,
                      problem=reason[:500])
    score = sum(s.earned for s in score_levels(result, points))
    return Graded(str(folder), round(score, 2), maximum, result.counts(),
                  time.perf_counter() - started, notes="; ".join(result.notes)[:1000])


grade_one = _one  # a cluster worker grades one submission exactly as the local pool does


def grade_many(*, backend: str, problems_dirs: tuple[Path, ...], problem: str,
               submissions: tuple[Path, ...], jobs: int, as_json: bool, as_csv: bool,
               engine: Engine | None = None) -> int:
    """Grade every folder (on ``engine``, by default the local pool); print the summary;
    exit 1 unless all passed everything."""
    found = Catalog.load(problems_dirs).get(problem)
    chosen = engine or LocalEngine(backend, jobs)
    results = chosen.grade(found, submissions, quiet=as_json or as_csv)
    return report_batch(found.id, results, as_json=as_json, as_csv=as_csv,
                        isolation=isolation_of(found))



def report_batch(problem: str, results: list[Graded], *, as_json: bool, as_csv: bool,
                 isolation: str = "") -> int:
    """Print a batch's rows as a table, JSON or CSV; exit 1 unless all passed everything.
    An ``inprocess`` batch says its verdicts are forgeable (text and JSON)."""
    rows = [g.row() for g in sorted(results, key=lambda g: g.submission)]
    forgeable = FORGEABLE if isolation == "inprocess" else ""
    if as_json:
        emit_json({"problem": problem, "isolation": isolation,
                   "forgeable": bool(forgeable), "warning": forgeable, "submissions": rows})
    elif as_csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(Graded("", 0.0, 0.0).row()))
        writer.writeheader()
        writer.writerows(rows)
    else:
        _table(rows)
    if forgeable and not as_json:
        err_console().print(f"[yellow]warning: {forgeable}[/]")
    perfect = all(r["score"] == r["max_score"] and not r["problem"] for r in rows)
    return EXIT_OK if perfect else EXIT_FAILED


def _run_all(plan: Plan, points: dict[str, float], submissions: tuple[Path, ...],
             sandbox: Sandbox, jobs: int, quiet: bool) -> list[Graded]:
    # The first run lists the suite's test ids (then cached); the rest go in parallel.
    results = [_one(plan, points, submissions[0], sandbox)]
    from rich.progress import Progress

    with Progress(console=console(), disable=quiet, transient=True) as progress:
        task = progress.add_task("grading", total=len(submissions), completed=1)
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(_one, plan, points, s, sandbox) for s in submissions[1:]]
            for future in as_completed(futures):
                results.append(future.result())
                progress.advance(task)
    return results


def _table(rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False, caption="verdict counts per submission")
    table.add_column("submission", overflow="fold")
    table.add_column("score", justify="right", no_wrap=True)
    for verdict in VERDICTS:
        table.add_column(SHORT[verdict], justify="right", no_wrap=True)
    table.add_column("s", justify="right", no_wrap=True)
    for r in rows:
        score = f"{r['score']:g}/{r['max_score']:g}" if not r["problem"] else "n/a"
        table.add_row(Path(r["submission"]).name, score, *(str(r[v] or "") for v in VERDICTS),
                      f"{r['seconds']:.1f}")
    out = console()
    out.print(table)
    from rich.markup import escape

    for r in rows:
        if r["problem"]:
            out.print(f"[yellow]{escape(r['submission'])}: {escape(r['problem'])}[/]")
        elif r["notes"]:
            out.print(f"[dim]{escape(r['submission'])}: {escape(r['notes'])}[/]")

"""What `harness worker`, `harness batch status` and `harness batch results` do."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

from harness.distributed.config import Cluster
from harness.errors import EXIT_FAILED, EXIT_OK, UsageError
from harness.output import emit_json

__all__ = ["batch_results", "batch_status", "default_worker_name", "grade_on_cluster", "worker"]


def default_worker_name() -> str:
    """One worker per Docker host: the host's name (stable across restarts)."""
    return socket.gethostname()


def worker(*, cluster: Cluster, name: str, concurrency: int, backend: str,
           problems_dirs: tuple[Path, ...]) -> int:
    """Remove this worker's leftovers, then grade from the queue until stopped."""
    from harness.distributed.app import make_app, start_worker
    from harness.distributed.record import Record
    from harness.distributed.task import Grader, WorkerSettings

    if backend == "docker":
        from harness.sandbox.docker_client import remove_worker_leftovers

        removed = remove_worker_leftovers(name)
        print(f"worker {name}: removed {removed} leftover container(s)", file=sys.stderr)
    record = Record(cluster.database_url)
    record.ensure_schema()
    grader = Grader(WorkerSettings(name, cluster.database_url, problems_dirs, backend))
    app = make_app(cluster.broker_url, on_grade=grader.handle,
                   on_dead=lambda sid, reason: _dead(record, sid, reason))
    return start_worker(app, name=name, concurrency=concurrency)


def _dead(record: object, submission: object, reason: str) -> None:
    from harness.distributed.record import Record
    from harness.distributed.task import SUBMISSION_ID

    assert isinstance(record, Record)
    if isinstance(submission, str) and SUBMISSION_ID.fullmatch(submission):
        record.dead_letter(submission, reason)


def grade_on_cluster(*, cluster: Cluster, problems_dirs: tuple[Path, ...], problem: str,
                     submissions: tuple[Path, ...], detach: bool, as_json: bool,
                     as_csv: bool, backend: str) -> int:
    """`harness grade --engine celery`: wait for the rows, or print the batch id and return."""
    from harness.catalog import Catalog
    from harness.commands.grade import grade_many
    from harness.distributed.client import submit
    from harness.engines.celery import CeleryEngine

    if not detach:
        return grade_many(backend=backend, problems_dirs=problems_dirs, problem=problem,
                          submissions=submissions, jobs=1, as_json=as_json, as_csv=as_csv,
                          engine=CeleryEngine(cluster))
    submitted = submit(cluster, Catalog.load(problems_dirs).get(problem), submissions)
    if as_json:
        emit_json({"batch": submitted.batch, "submissions": submitted.total})
    else:
        print(submitted.batch)
    return EXIT_OK


def batch_status(*, database: str, batch: str, as_json: bool) -> int:
    """How far a batch is: exit 0 when complete, 1 while submissions are still pending."""
    from harness.distributed.record import Record

    status = Record(database).status(batch)
    if status is None:
        raise UsageError(f"no batch {batch} in the database",
                         hint="use the id that `harness grade --engine celery --detach` printed")
    if as_json:
        emit_json({"batch": batch, "problem": status.problem, "total": status.total,
                   "done": status.done, "running": status.running})
    else:
        print(f"batch {batch} ({status.problem}): {status.done}/{status.total} done, "
              f"{status.running} being graded")
    return EXIT_OK if status.done >= status.total else EXIT_FAILED


def batch_results(*, database: str, batch: str, as_json: bool, as_csv: bool) -> int:
    """The rows of a batch so far, as `harness grade` prints them."""
    from harness.commands.grade import report_batch
    from harness.distributed.record import Record

    record = Record(database)
    status = record.status(batch)
    if status is None:
        raise UsageError(f"no batch {batch} in the database",
                         hint="use the id that `harness grade --engine celery --detach` printed")
    code = report_batch(status.problem, record.results(batch), as_json=as_json, as_csv=as_csv,
                        isolation=status.isolation)
    return code if status.done >= status.total else EXIT_FAILED

"""The `grade --engine celery` side: store the batch, publish its ids, follow the record."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from harness.commands.grade import Graded
from harness.distributed.app import declare, make_app, publish
from harness.distributed.archive import pack
from harness.distributed.config import Cluster
from harness.distributed.problems import package_digest
from harness.distributed.record import BatchStatus, NewSubmission, Record
from harness.errors import UsageError
from harness.grading import isolation_of
from harness.spec import Problem

__all__ = ["POLL_SECONDS", "Submitted", "follow", "submit"]

POLL_SECONDS = 0.2  # how often a waiting client reads the record (one indexed count)


@dataclass(frozen=True)
class Submitted:
    """A batch now in the record and on the queue."""

    batch: str
    total: int


def _stored(folder: Path) -> NewSubmission:
    sid = uuid.uuid4().hex
    try:
        return NewSubmission(sid, str(folder), pack(folder))
    except UsageError as exc:  # one bad folder is its row, not the end of the batch
        return NewSubmission(sid, str(folder), b"", problem=exc.message)


def submit(cluster: Cluster, problem: Problem, submissions: tuple[Path, ...]) -> Submitted:
    """Store every submission and the batch (one transaction), then publish one id each."""
    app = make_app(cluster.broker_url)
    declare(app)  # an unreachable broker fails here, before anything is stored
    record = Record(cluster.database_url)
    record.ensure_schema()
    stored = [_stored(folder) for folder in submissions]
    batch = uuid.uuid4().hex
    record.create_batch(batch, problem.id, package_digest(problem), stored, isolation_of(problem))
    publish(app, [s.id for s in stored if not s.problem])
    return Submitted(batch, len(stored))


def follow(cluster: Cluster, batch: str) -> Iterator[BatchStatus]:
    """The batch's status, again every POLL_SECONDS, until every submission has its row."""
    record = Record(cluster.database_url)
    while True:
        status = record.status(batch)
        if status is None:
            raise UsageError(f"no batch {batch} in the database",
                             hint="check the id that `harness grade --detach` printed")
        yield status
        if status.done >= status.total:
            return
        time.sleep(POLL_SECONDS)


def results(cluster: Cluster, batch: str) -> list[Graded]:
    """The batch's results so far."""
    return Record(cluster.database_url).results(batch)

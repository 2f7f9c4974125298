"""PostgreSQL as the record of batches, submissions and results: the only module importing psycopg.

A :class:`Record` keeps the connections it opened for the next call (one pool per process,
autocommit, each grade's claim and result one statement each), so a worker pays a
connection's setup once, not twice per grade.  A connection the server dropped (a restart)
is thrown away with every idle one and the call is tried once more on a fresh connection;
a server that cannot be reached is :class:`DatabaseUnavailable`.  Trying a claim or a
result again is safe: a claim only takes a newer attempt, a result is written once.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import psycopg

from harness.commands.grade import Graded
from harness.distributed.archive import ARCHIVE_CAP
from harness.distributed.errors import DatabaseUnavailable

__all__ = ["BatchStatus", "Claim", "NewSubmission", "Record"]

CONNECT_TIMEOUT = 5  # seconds before an unreachable server is an error
SCHEMA_LOCK = 0x6861726E  # advisory lock: two workers starting at once create the schema once
IDLE_CONNECTIONS = 16  # connections a process keeps open for its next calls (its slots + 1 is plenty)

T = TypeVar("T")
Cursor = psycopg.Cursor[tuple[object, ...]]

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS batches (
  id text PRIMARY KEY, problem text NOT NULL, digest text NOT NULL, total integer NOT NULL,
  created timestamptz NOT NULL DEFAULT now());
ALTER TABLE batches ADD COLUMN IF NOT EXISTS isolation text NOT NULL DEFAULT '';
CREATE TABLE IF NOT EXISTS submissions (
  id text PRIMARY KEY, batch_id text NOT NULL REFERENCES batches(id), name text NOT NULL,
  archive bytea NOT NULL CHECK (octet_length(archive) <= {ARCHIVE_CAP}),
  attempt integer NOT NULL DEFAULT 0, status text NOT NULL DEFAULT 'queued',
  worker text NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS submissions_batch ON submissions (batch_id);
CREATE TABLE IF NOT EXISTS results (
  submission_id text PRIMARY KEY REFERENCES submissions(id), batch_id text NOT NULL,
  attempt integer NOT NULL, worker text NOT NULL, score double precision NOT NULL,
  max_score double precision NOT NULL, counts jsonb NOT NULL, seconds double precision NOT NULL,
  problem text NOT NULL, finished timestamptz NOT NULL DEFAULT now());
CREATE INDEX IF NOT EXISTS results_batch ON results (batch_id);
"""


@dataclass(frozen=True)
class NewSubmission:
    """A submission to store: its id, the name the user gave, its packed folder."""

    id: str
    name: str
    archive: bytes
    problem: str = ""  # why it could not even be stored for grading: its row, at once


@dataclass(frozen=True)
class Claim:
    """A grade's hold on one submission: the attempt that owns it now."""

    submission: str
    batch: str
    attempt: int
    name: str
    problem: str
    digest: str
    archive: bytes


@dataclass(frozen=True)
class BatchStatus:
    """How far a batch has come."""

    batch: str
    problem: str
    total: int
    done: int
    running: int
    isolation: str = ""  # pytest mode: process | inprocess (forgeable); '' for io mode


class Record:
    """The cluster's database, at one URL, with this process's idle connections to it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._idle: list[psycopg.Connection[tuple[object, ...]]] = []
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close the idle connections (calls after this open new ones)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    def _unavailable(self, exc: psycopg.OperationalError) -> DatabaseUnavailable:
        return DatabaseUnavailable(
            f"the database at {self.url} cannot be reached: {str(exc).strip()[:300]}",
            hint="is PostgreSQL running? (`make cluster` starts one); check --database "
                 "or HARNESS_DATABASE_URL")

    def _connect(self) -> psycopg.Connection[tuple[object, ...]]:
        try:
            return psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT, autocommit=True)
        except psycopg.OperationalError as exc:
            raise self._unavailable(exc) from exc

    def _run(self, work: Callable[[Cursor], T]) -> T:
        """``work`` on a pooled connection; once more on a fresh one if the pooled one was dead."""
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        fresh = conn is None
        while True:
            if conn is None:
                conn = self._connect()
            try:
                with conn.cursor() as cur:
                    done = work(cur)
            except psycopg.OperationalError as exc:
                conn.close()
                if fresh:
                    raise self._unavailable(exc) from exc
                self.close()  # the server dropped us: the other idle ones are dead too
                conn, fresh = None, True
                continue
            except BaseException:
                conn.close()  # in an unknown state: not handed to the next call
                raise
            with self._lock:
                if len(self._idle) < IDLE_CONNECTIONS:
                    self._idle.append(conn)
                    conn = None
            if conn is not None:
                conn.close()
            return done

    def ensure_schema(self) -> None:
        """Create the tables if they are missing (idempotent, safe to race)."""
        def work(cur: Cursor) -> None:
            with cur.connection.transaction():
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
                cur.execute(SCHEMA)

        self._run(work)

    def create_batch(self, batch: str, problem: str, digest: str,
                     submissions: Sequence[NewSubmission], isolation: str = "") -> None:
        """Store a batch and its submissions in one transaction: all of them or none.
        ``isolation`` is kept so that `batch results` says what `grade` said."""
        def work(cur: Cursor) -> None:
            with cur.connection.transaction():
                cur.execute("INSERT INTO batches (id, problem, digest, total, isolation) "
                            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
                            (batch, problem, digest, len(submissions), isolation))
                if cur.rowcount != 1:
                    return  # a try again after a lost commit: the batch is in already
                cur.executemany(
                    "INSERT INTO submissions (id, batch_id, name, archive, status) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    [(s.id, batch, s.name, s.archive, "done" if s.problem else "queued")
                     for s in submissions])
                for s in (s for s in submissions if s.problem):
                    _insert(cur, s.id, batch, 0, "(client)",
                            Graded(s.name, 0.0, 0.0, problem=s.problem))

        self._run(work)

    def claim(self, submission: str, worker: str) -> Claim | None:
        """Take the row with a new attempt number; None when it already has its result."""
        def work(cur: Cursor) -> tuple[object, ...] | None:
            cur.execute(
                "UPDATE submissions s SET attempt = attempt + 1, status = 'running', worker = %s "
                "FROM batches b WHERE s.id = %s AND b.id = s.batch_id AND s.status <> 'done' "
                "RETURNING s.attempt, s.batch_id, s.name, b.problem, b.digest, s.archive",
                (worker, submission))
            return cur.fetchone()

        row = self._run(work)
        if row is None:
            return None
        attempt, batch, name, problem, digest, archive = row
        return Claim(submission, str(batch), int(str(attempt)), str(name), str(problem),
                     str(digest), bytes(archive))  # type: ignore[call-overload]

    def finish(self, claim: Claim, worker: str, graded: Graded) -> bool:
        """Write the result if ``claim`` still owns the row; False when a later attempt does.

        One statement: the row is marked done and the result inserted only if this attempt
        is still the running one.  True also when this attempt's result is in already (a
        call tried again after its commit was lost).
        """
        def work(cur: Cursor) -> bool:
            cur.execute(
                "WITH owned AS (UPDATE submissions SET status = 'done' WHERE id = %s "
                "AND attempt = %s AND status = 'running' RETURNING id), "
                "wrote AS (INSERT INTO results (submission_id, batch_id, attempt, worker, score, "
                "max_score, counts, seconds, problem) SELECT id, %s, %s, %s, %s, %s, %s, %s, %s "
                "FROM owned ON CONFLICT (submission_id) DO NOTHING RETURNING attempt) "
                "SELECT (SELECT count(*) FROM wrote) + (SELECT count(*) FROM results "
                "WHERE submission_id = %s AND attempt = %s AND worker = %s)",
                (claim.submission, claim.attempt, claim.batch, claim.attempt, worker,
                 graded.score, graded.max_score, json.dumps(graded.counts), graded.seconds,
                 graded.problem, claim.submission, claim.attempt, worker))
            row = cur.fetchone()
            return row is not None and int(str(row[0])) > 0

        return self._run(work)

    def dead_letter(self, submission: str, reason: str) -> bool:
        """The row of a submission the queue gave up on; False if it has a result already."""
        def work(cur: Cursor) -> bool:
            with cur.connection.transaction():
                cur.execute("UPDATE submissions SET status = 'done' WHERE id = %s "
                            "AND status <> 'done' RETURNING batch_id, attempt, name",
                            (submission,))
                row = cur.fetchone()
                if row is None:
                    return False
                batch, attempt, name = row
                _insert(cur, submission, str(batch), int(str(attempt)), "(dead letter)",
                        Graded(str(name), 0.0, 0.0, problem=reason))
            return True

        return self._run(work)

    def status(self, batch: str) -> BatchStatus | None:
        """Counts for a batch, or None if there is no such batch."""
        def work(cur: Cursor) -> tuple[object, ...] | None:
            cur.execute(
                "SELECT b.problem, b.total, count(*) FILTER (WHERE s.status = 'done'), "
                "count(*) FILTER (WHERE s.status = 'running'), b.isolation FROM batches b "
                "LEFT JOIN submissions s ON s.batch_id = b.id WHERE b.id = %s GROUP BY b.id",
                (batch,))
            return cur.fetchone()

        row = self._run(work)
        if row is None:
            return None
        problem, total, done, running, isolation = (str(v) for v in row)
        return BatchStatus(batch, problem, int(total), int(done), int(running), isolation)

    def _all(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        def work(cur: Cursor) -> list[tuple[object, ...]]:
            cur.execute(sql, args)
            return cur.fetchall()

        return self._run(work)

    def results(self, batch: str) -> list[Graded]:
        """Every result of a batch so far, one per submission."""
        rows = self._all(
            "SELECT s.name, r.score, r.max_score, r.counts, r.seconds, r.problem FROM results r "
            "JOIN submissions s ON s.id = r.submission_id WHERE r.batch_id = %s", batch)
        return [Graded(str(n), float(str(s)), float(str(m)), _counts(c), float(str(t)), str(p))
                for n, s, m, c, t, p in rows]

    def recent_batches(self, limit: int = 50) -> list[str]:
        """The newest batch ids, newest first (for shell completion)."""
        rows = self._all("SELECT id FROM batches ORDER BY created DESC LIMIT %s", limit)
        return [str(row[0]) for row in rows]

    def attempts(self, batch: str) -> dict[str, tuple[int, str]]:
        """Each submission's name -> (attempt number, worker that holds or held it)."""
        rows = self._all("SELECT name, attempt, worker FROM submissions WHERE batch_id = %s", batch)
        return {str(n): (int(str(a)), str(w)) for n, a, w in rows}


def _insert(cur: Cursor, submission: str, batch: str, attempt: int, worker: str,
            graded: Graded) -> None:
    cur.execute(
        "INSERT INTO results (submission_id, batch_id, attempt, worker, score, max_score, "
        "counts, seconds, problem) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (submission_id) DO NOTHING",
        (submission, batch, attempt, worker, graded.score, graded.max_score,
         json.dumps(graded.counts), graded.seconds, graded.problem))


def _counts(value: object) -> dict[str, int]:
    if not isinstance(value, dict):
        return {}
    return {str(k): int(v) for k, v in value.items() if isinstance(v, int)}

"""SQLite under HARNESS_HOME (stdlib sqlite3, WAL): sessions and their runs."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.errors import StateError
from harness.limits import RUN_ROW_BYTES, STORED_MESSAGE_CHARS, STORED_OUTPUT_CHARS
from harness.paths import harness_home, private_dir
from harness.verdicts import TestResult

__all__ = ["Store", "StoredSession", "bounded_result"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY, problem TEXT NOT NULL, problem_root TEXT NOT NULL,
  workspace TEXT NOT NULL, started REAL NOT NULL, deadline REAL NOT NULL,
  ended REAL, unlocked INTEGER NOT NULL DEFAULT 1, container TEXT, backend TEXT NOT NULL,
  score REAL, max_score REAL, report TEXT
);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, session TEXT NOT NULL REFERENCES sessions(id),
  kind TEXT NOT NULL, at REAL NOT NULL, passed INTEGER NOT NULL, total INTEGER NOT NULL,
  result TEXT NOT NULL
);
"""


def _create_private(path: Path) -> None:
    """The database file, made 0600 in a 0700 folder before SQLite opens it (SQLite
    gives its -wal and -shm files the database file's mode)."""
    private_dir(path.parent)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600))


@dataclass(frozen=True)
class StoredRun:
    """One row of ``runs``: a validate or a submit, with its bounded result document."""

    kind: str  # validate | submit
    at: float
    passed: int
    total: int
    result: str  # JSON, as stored (bounded_result)

    def tests(self) -> tuple[TestResult, ...]:
        """The stored per-test entries as typed values (message and output as stored:
        capped).  The row is the harness's own writing; an entry it cannot read (an
        older or damaged row) is left out rather than guessed."""
        try:
            doc = json.loads(self.result)
        except ValueError:
            return ()
        entries = doc.get("tests", []) if isinstance(doc, dict) else []
        return tuple(t for t in map(_stored_test, entries) if t is not None)


def _stored_test(entry: object) -> TestResult | None:
    if not isinstance(entry, dict):
        return None
    try:
        return TestResult.from_json(entry)
    except (KeyError, ValueError, TypeError):
        return None


@dataclass(frozen=True)
class StoredSession:
    """One row of ``sessions``."""

    id: str
    problem: str
    problem_root: str
    workspace: str
    started: float
    deadline: float
    ended: float | None
    unlocked: int
    container: str | None
    backend: str
    score: float | None
    max_score: float | None
    report: str | None

    def remaining(self, now: float | None = None) -> float:
        return max(0.0, self.deadline - (now if now is not None else time.time()))

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0


def _cut(text: object, limit: int) -> object:
    if not isinstance(text, str) or len(text) <= limit:
        return text
    return text[:limit] + f"\n[... {len(text) - limit} more characters not stored]"


def _trim_tests(result: dict[str, Any], message: int, output: int) -> dict[str, Any]:
    tests = [{**t, "message": _cut(t.get("message", ""), message),
              "output": _cut(t.get("output", ""), output)} for t in result.get("tests", [])]
    notes = [_cut(n, STORED_MESSAGE_CHARS) for n in result.get("notes", [])][:20]
    return {**result, "tests": tests, "notes": notes}


def bounded_result(result: dict[str, Any]) -> dict[str, Any]:
    """A suite result as stored: each test's message and output cut to the stored caps,
    then, if the whole is still over RUN_ROW_BYTES, outputs and then messages dropped
    (whatever a submission prints, one run adds at most about that much to the store)."""
    for message, output in ((STORED_MESSAGE_CHARS, STORED_OUTPUT_CHARS), (STORED_MESSAGE_CHARS, 0),
                            (200, 0), (0, 0)):
        trimmed = _trim_tests(result, message, output)
        if len(json.dumps(trimmed)) <= RUN_ROW_BYTES:
            return trimmed
    trimmed["tests"] = trimmed["tests"][: RUN_ROW_BYTES // 1024]
    trimmed["notes"] = [*trimmed["notes"], "too many tests to store them all"]
    return trimmed


class Store:
    """The database; every write is one short transaction."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or harness_home() / "harness.db"

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        try:
            _create_private(self.path)
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StateError(f"cannot open the harness database {self.path}: {exc}") from exc
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=30000")
            conn.executescript(SCHEMA)
            yield conn
        except sqlite3.Error as exc:
            raise StateError(f"the harness database failed: {exc}",
                             hint="is the disk under HARNESS_HOME full?") from exc
        finally:
            conn.close()

    def add_session(self, row: dict[str, Any]) -> None:
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        with self.connect() as db:
            db.execute(f"INSERT INTO sessions ({cols}) VALUES ({marks})", tuple(row.values()))  # noqa: S608

    def update(self, session_id: str, **fields: Any) -> None:
        sets = ", ".join(f"{k} = ?" for k in fields)
        with self.connect() as db:
            db.execute(f"UPDATE sessions SET {sets} WHERE id = ?", (*fields.values(), session_id))  # noqa: S608

    def claim_unlock(self, session_id: str, current: int) -> bool:
        """Move ``unlocked`` from ``current`` to ``current + 1``; False if another command did."""
        with self.connect() as db:
            cur = db.execute("UPDATE sessions SET unlocked = ? WHERE id = ? AND unlocked = ?",
                             (current + 1, session_id, current))
        return cur.rowcount == 1

    def session(self, session_id: str) -> StoredSession | None:
        with self.connect() as db:
            row = db.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return StoredSession(**dict(row)) if row else None

    def sessions(self) -> list[StoredSession]:
        with self.connect() as db:
            rows = db.execute("SELECT * FROM sessions ORDER BY started DESC").fetchall()
        return [StoredSession(**dict(r)) for r in rows]

    def active_for(self, workspace: str) -> StoredSession | None:
        with self.connect() as db:
            row = db.execute("SELECT * FROM sessions WHERE workspace = ? AND ended IS NULL",
                             (workspace,)).fetchone()
        return StoredSession(**dict(row)) if row else None

    def add_run(self, session_id: str, kind: str, passed: int, total: int,
                result: dict[str, Any]) -> None:
        with self.connect() as db:
            db.execute("INSERT INTO runs (session, kind, at, passed, total, result) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       (session_id, kind, time.time(), passed, total,
                        json.dumps(bounded_result(result))))

    def runs(self, session_id: str, kind: str | None = None) -> list[StoredRun]:
        """The session's runs in order, of one ``kind`` when given."""
        with self.connect() as db:
            rows = db.execute("SELECT kind, at, passed, total, result FROM runs WHERE session = ? "
                              "ORDER BY id", (session_id,)).fetchall()
        runs = [StoredRun(**dict(r)) for r in rows]
        return [r for r in runs if kind is None or r.kind == kind]

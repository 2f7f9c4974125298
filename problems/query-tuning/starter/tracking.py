"""Experiment-tracking queries on SQLite (stdlib sqlite3).

Implement the methods below level by level; the statements in your session say
exactly what each must do. The schema, Tracker() and load() are given: keep them.
"""

from __future__ import annotations

import gc
import os
import shutil
import sqlite3
import tempfile
import weakref

# ---- given: do not change the schema --------------------------------------
SCHEMA = """
CREATE TABLE experiments (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    experiment_id INTEGER NOT NULL REFERENCES experiments(id),
    name          TEXT NOT NULL,
    status        TEXT NOT NULL,
    started_at    INTEGER NOT NULL
);
CREATE TABLE metrics (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    key    TEXT NOT NULL,
    step   INTEGER NOT NULL,
    value  REAL NOT NULL
);
"""

# ---- level 2: your indexes and the SQL each method runs --------------------
INDEXES: list[str] = []   # CREATE INDEX statements; load() runs them after inserting

SQL: dict[str, str] = {}  # name -> the exact statement that method runs (named parameters)


def _connect(path: str) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


class Tracker:
    def __init__(self) -> None:
        """Given: a fresh database file in a folder of its own, with the schema."""
        # The tests make dozens of databases in one run, and the sandbox's /tmp is a
        # small tmpfs: a Tracker's folder goes when the Tracker does, and the space
        # comes back when its connections close. A sqlite3 connection is in a
        # reference cycle (its statement cache), so only the cyclic GC closes one
        # nobody uses any more: collect before making the next database.
        gc.collect()
        folder = tempfile.mkdtemp(prefix="tracking-")
        weakref.finalize(self, shutil.rmtree, folder, True)
        self.path = os.path.join(folder, "tracking.db")
        self.conn = _connect(self.path)
        self.conn.executescript(SCHEMA)

    def load(self, experiments: list[tuple[int, str]], runs: list[tuple[int, int, str, str, int]],
             metrics: list[tuple[int, str, int, float]]) -> None:
        """Given: bulk-load rows, then create INDEXES."""
        c = self.conn
        c.execute("BEGIN")
        c.executemany("INSERT INTO experiments VALUES (?, ?)", experiments)
        c.executemany("INSERT INTO runs VALUES (?, ?, ?, ?, ?)", runs)
        c.executemany("INSERT INTO metrics VALUES (?, ?, ?, ?)", metrics)
        for ddl in INDEXES:
            c.execute(ddl)
        c.execute("COMMIT")

    # ---- Level 1 -----------------------------------------------------------
    def metric_history(self, run_id: int, key: str) -> list[tuple[int, float]]:
        """(step, value) of one run's metric `key`, by step."""
        raise NotImplementedError

    def status_counts(self, experiment: str) -> dict[str, int]:
        """Runs per status in the experiment named `experiment`."""
        raise NotImplementedError

    def best_runs(self, experiment: str, key: str, k: int) -> list[tuple[int, float]]:
        """The k finished runs with the lowest final value of `key`."""
        raise NotImplementedError

    # ---- Level 3 -----------------------------------------------------------
    def runs_page(self, experiment: str, limit: int, after: object = None
                  ) -> tuple[list[tuple[int, str, int]], object]:
        """One page of runs, newest first, and the value that gives the next page."""
        raise NotImplementedError

    # ---- Level 4 -----------------------------------------------------------
    def log_metrics(self, rows: list[tuple[int, str, int, float]]) -> int:
        """Insert a batch in one transaction; all or nothing."""
        raise NotImplementedError

    def reader(self) -> Reader:
        raise NotImplementedError


class Reader:
    """Level 4: a second connection to the same database."""

    def begin(self) -> None:
        raise NotImplementedError

    def end(self) -> None:
        raise NotImplementedError

    def metric_count(self, run_id: int, key: str) -> int:
        raise NotImplementedError

    def metric_history(self, run_id: int, key: str) -> list[tuple[int, float]]:
        raise NotImplementedError

"""Known-wrong: keeps SQLite's default rollback journal: a reader inside a
snapshot holds a lock the writer must wait for.
"""

from __future__ import annotations

import math
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
INDEXES = [
    "CREATE UNIQUE INDEX metrics_run_key_step ON metrics(run_id, key, step)",
    "CREATE INDEX runs_experiment_started ON runs(experiment_id, started_at, id)",
]

SQL = {
    "metric_history": "SELECT step, value FROM metrics WHERE run_id = :run_id AND key = :key ORDER BY step",
    "status_counts": (
        "SELECT r.status, COUNT(*) FROM runs r JOIN experiments e ON e.id = r.experiment_id "
        "WHERE e.name = :experiment GROUP BY r.status"
    ),
    "best_runs": (
        "SELECT r.id, m.value FROM experiments e "
        "JOIN runs r ON r.experiment_id = e.id "
        "JOIN metrics m ON m.run_id = r.id AND m.key = :key "
        "WHERE e.name = :experiment AND r.status = 'finished' "
        "AND m.step = (SELECT MAX(m2.step) FROM metrics m2 WHERE m2.run_id = r.id AND m2.key = :key) "
        "ORDER BY m.value, r.id LIMIT :k"
    ),
    "runs_page": (
        "SELECT r.id, r.name, r.started_at FROM runs r "
        "WHERE r.experiment_id = (SELECT id FROM experiments WHERE name = :experiment) "
        "AND (r.started_at < :started_at OR (r.started_at = :started_at AND r.id < :id)) "
        "ORDER BY r.started_at DESC, r.id DESC LIMIT :limit"
    ),
}

_FIRST_PAGE = (
    "SELECT r.id, r.name, r.started_at FROM runs r "
    "WHERE r.experiment_id = (SELECT id FROM experiments WHERE name = :experiment) "
    "ORDER BY r.started_at DESC, r.id DESC LIMIT :limit"
)


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=1.0)
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


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

    # ---- level 1 -------------------------------------------------------------
    def metric_history(self, run_id: int, key: str) -> list[tuple[int, float]]:
        return [(s, v) for s, v in self.conn.execute(SQL["metric_history"], {"run_id": run_id, "key": key})]

    def status_counts(self, experiment: str) -> dict[str, int]:
        return dict(self.conn.execute(SQL["status_counts"], {"experiment": experiment}).fetchall())

    def best_runs(self, experiment: str, key: str, k: int) -> list[tuple[int, float]]:
        args = {"experiment": experiment, "key": key, "k": k}
        return [(r, v) for r, v in self.conn.execute(SQL["best_runs"], args)]

    # ---- level 3 -------------------------------------------------------------
    def runs_page(self, experiment: str, limit: int, after: tuple[int, int] | None = None
                  ) -> tuple[list[tuple[int, str, int]], tuple[int, int] | None]:
        if type(limit) is not int or limit < 1:
            raise ValueError("limit must be an int >= 1")
        args = {"experiment": experiment, "limit": limit + 1}
        if after is None:
            rows = self.conn.execute(_FIRST_PAGE, args).fetchall()
        else:
            started_at, run_id = after
            args.update(started_at=started_at, id=run_id)
            rows = self.conn.execute(SQL["runs_page"], args).fetchall()
        page = [(i, n, s) for i, n, s in rows[:limit]]
        more = len(rows) > limit
        return page, ((page[-1][2], page[-1][0]) if more else None)

    # ---- level 4 -------------------------------------------------------------
    def log_metrics(self, rows: list[tuple[int, str, int, float]]) -> int:
        for row in rows:
            if not (isinstance(row[3], (int, float)) and math.isfinite(row[3])):
                raise ValueError(f"value must be a finite number: {row!r}")
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            c.executemany("INSERT INTO metrics VALUES (?, ?, ?, ?)", rows)
        except sqlite3.IntegrityError as exc:
            c.execute("ROLLBACK")
            raise ValueError(f"duplicate (run_id, key, step): {exc}") from None
        except BaseException:
            c.execute("ROLLBACK")
            raise
        c.execute("COMMIT")
        return len(rows)

    def reader(self) -> Reader:
        return Reader(self.path)


class Reader:
    """A second connection: reads see a snapshot from begin() to end()."""

    def __init__(self, path: str) -> None:
        self.conn = _connect(path)

    def begin(self) -> None:
        self.conn.execute("BEGIN")
        self.conn.execute("SELECT COUNT(*) FROM metrics WHERE rowid = 1").fetchall()  # take the snapshot now

    def end(self) -> None:
        self.conn.execute("COMMIT")

    def metric_count(self, run_id: int, key: str) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM metrics WHERE run_id = ? AND key = ?",
                                 (run_id, key)).fetchone()[0]

    def metric_history(self, run_id: int, key: str) -> list[tuple[int, float]]:
        return [(s, v) for s, v in self.conn.execute(SQL["metric_history"], {"run_id": run_id, "key": key})]

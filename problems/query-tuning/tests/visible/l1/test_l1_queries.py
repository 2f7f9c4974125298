"""Level 1: correct answers on small databases."""
# ---- shared by every test file of query-tuning (copied in by generators/build_tests.py) ----
import random
import re
import sqlite3
from collections import Counter

import pytest

import tracking
from tracking import Tracker

SCHEMA = """
CREATE TABLE experiments (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE runs (id INTEGER PRIMARY KEY, experiment_id INTEGER NOT NULL REFERENCES experiments(id),
                   name TEXT NOT NULL, status TEXT NOT NULL, started_at INTEGER NOT NULL);
CREATE TABLE metrics (run_id INTEGER NOT NULL REFERENCES runs(id), key TEXT NOT NULL,
                      step INTEGER NOT NULL, value REAL NOT NULL);
"""
STATUSES = ["finished"] * 6 + ["failed"] * 2 + ["running"]
INDEX_DDL = re.compile(r"\s*CREATE\s+(UNIQUE\s+)?INDEX\s", re.I)
QUERY = re.compile(r"\s*(SELECT|WITH)\s", re.I)


def make_data(seed, experiments=5, runs_per_exp=20, keys=("loss", "acc"), steps=6, big_runs=0):
    """A seeded experiment-tracking data set: (experiments, runs, metrics) rows."""
    rng = random.Random(seed)
    exps = [(i + 1, f"exp-{i:03d}") for i in range(experiments)]
    runs, metrics, rid = [], [], 0
    for eid, _ in exps:
        for _ in range(runs_per_exp):
            rid += 1
            runs.append((rid, eid, f"run-{rid}", rng.choice(STATUSES), rng.randrange(10_000)))
            for key in keys:
                if rng.random() < 0.85:
                    for step in sorted(rng.sample(range(3 * steps), rng.randint(1, steps))):
                        metrics.append((rid, key, step, rng.randrange(400) / 8))
    if big_runs:
        exps.append((len(exps) + 1, "exp-big"))
        for _ in range(big_runs):
            rid += 1
            runs.append((rid, len(exps), f"big-{rid}", "finished", rng.randrange(big_runs // 4)))
    rng.shuffle(runs)
    rng.shuffle(metrics)
    return exps, runs, metrics


class Model:
    """The expected answers, computed in plain Python."""

    def __init__(self, data):
        exps, runs, metrics = data
        self.exp_id = {name: eid for eid, name in exps}
        self.by_exp = {}
        for r in runs:
            self.by_exp.setdefault(r[1], []).append(r)
        self.hist = {}
        for run_id, key, step, value in metrics:
            self.hist.setdefault((run_id, key), []).append((step, value))
        for rows in self.hist.values():
            rows.sort()

    def metric_history(self, run_id, key):
        return list(self.hist.get((run_id, key), []))

    def status_counts(self, experiment):
        eid = self.exp_id.get(experiment)
        return dict(Counter(r[3] for r in self.by_exp.get(eid, [])))

    def best_runs(self, experiment, key, k):
        eid = self.exp_id.get(experiment)
        scored = sorted((self.hist[(r[0], key)][-1][1], r[0]) for r in self.by_exp.get(eid, [])
                        if r[3] == "finished" and (r[0], key) in self.hist)
        return [(rid, v) for v, rid in scored[:k]]

    def newest_first(self, experiment):
        eid = self.exp_id.get(experiment)
        rows = sorted(self.by_exp.get(eid, []), key=lambda r: (-r[4], -r[0]))
        return [(r[0], r[2], r[4]) for r in rows]


def loaded(data):
    t = Tracker()
    t.load(*data)
    return t


def plan(name, params):
    """EXPLAIN QUERY PLAN of the submission's SQL[name] on our own copy of the schema
    plus the submission's INDEXES. Only CREATE INDEX and one SELECT are run here."""
    indexes, sql = tracking.INDEXES, tracking.SQL[name]
    assert type(indexes) is list and len(indexes) <= 20, "INDEXES must be a list of at most 20 strings"
    assert type(sql) is str and len(sql) <= 5000 and QUERY.match(sql), f"SQL[{name!r}] must be one SELECT"
    conn = sqlite3.connect(":memory:")
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    conn.executescript(SCHEMA)
    for ddl in indexes:
        assert type(ddl) is str and len(ddl) <= 2000 and INDEX_DDL.match(ddl), f"not a CREATE INDEX: {ddl!r}"
        conn.execute(ddl)
    details = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
    conn.close()
    return details


def full_scans(details):
    return [d for d in details if d.startswith("SCAN") and d != "SCAN CONSTANT ROW"]
# ---- end of shared code ----


def example():
    t = Tracker()
    t.load([(1, "resnet")],
           [(10, 1, "a", "finished", 100), (11, 1, "b", "finished", 200), (12, 1, "c", "failed", 300)],
           [(10, "loss", 0, 2.0), (10, "loss", 5, 0.5), (11, "loss", 3, 0.25), (11, "loss", 1, 0.75),
            (12, "loss", 0, 0.125)])
    return t


def test_example_from_statement():
    t = example()
    h = t.metric_history(11, "loss")
    assert type(h) is list and h == [(1, 0.75), (3, 0.25)]
    assert all(type(s) is int and type(v) is float for s, v in h)
    c = t.status_counts("resnet")
    assert type(c) is dict and c == {"finished": 2, "failed": 1}
    b = t.best_runs("resnet", "loss", 5)
    assert type(b) is list and b == [(11, 0.25), (10, 0.5)]
    assert t.best_runs("resnet", "acc", 5) == []


def test_small_random_database():
    data = make_data(101)
    t, m = loaded(data), Model(data)
    for run_id in (1, 7, 33, 99):
        for key in ("loss", "acc"):
            assert t.metric_history(run_id, key) == m.metric_history(run_id, key)
    for exp in ("exp-000", "exp-003"):
        assert t.status_counts(exp) == m.status_counts(exp)
        assert t.best_runs(exp, "loss", 5) == m.best_runs(exp, "loss", 5)

"""Level 1 edge cases: final value is the last step's, ties, unknown names, k."""
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


def test_final_value_is_at_the_highest_step_not_the_minimum():
    t = Tracker()
    t.load([(1, "e")], [(1, 1, "a", "finished", 0), (2, 1, "b", "finished", 0)],
           [(1, "loss", 0, 0.1), (1, "loss", 9, 5.0), (2, "loss", 2, 1.0), (2, "loss", 1, 7.0)])
    assert t.best_runs("e", "loss", 2) == [(2, 1.0), (1, 5.0)]


def test_ties_by_run_id_and_k_cuts():
    t = Tracker()
    runs = [(rid, 1, f"r{rid}", "finished", 0) for rid in (5, 3, 9, 1)]
    t.load([(1, "e")], runs, [(rid, "acc", 0, 0.5) for rid in (5, 3, 9, 1)])
    assert t.best_runs("e", "acc", 3) == [(1, 0.5), (3, 0.5), (5, 0.5)]
    assert t.best_runs("e", "acc", 10) == [(1, 0.5), (3, 0.5), (5, 0.5), (9, 0.5)]


def test_only_finished_runs_and_only_this_experiment():
    t = Tracker()
    t.load([(1, "e"), (2, "f")],
           [(1, 1, "a", "running", 0), (2, 1, "b", "failed", 0), (3, 2, "c", "finished", 0),
            (4, 1, "d", "finished", 0)],
           [(1, "loss", 0, 0.0), (2, "loss", 0, 0.0), (3, "loss", 0, 0.0), (4, "loss", 0, 3.0)])
    assert t.best_runs("e", "loss", 5) == [(4, 3.0)]
    assert t.status_counts("e") == {"running": 1, "failed": 1, "finished": 1}


def test_unknown_names_give_empty_answers():
    data = make_data(102)
    t = loaded(data)
    assert t.status_counts("nope") == {}
    assert t.best_runs("nope", "loss", 3) == []
    assert t.metric_history(10**9, "loss") == []
    assert t.metric_history(1, "no-such-key") == []


def test_experiment_with_no_runs():
    t = Tracker()
    t.load([(1, "empty"), (2, "full")], [(1, 2, "a", "finished", 0)], [(1, "loss", 0, 1.0)])
    assert t.status_counts("empty") == {}
    assert t.best_runs("empty", "loss", 3) == []


def test_integer_valued_floats_come_back_as_float():
    t = Tracker()
    t.load([(1, "e")], [(1, 1, "a", "finished", 0)], [(1, "loss", 0, 2.0), (1, "loss", 1, 1.0)])
    h = t.metric_history(1, "loss")
    assert h == [(0, 2.0), (1, 1.0)] and all(type(v) is float for _, v in h)
    b = t.best_runs("e", "loss", 1)
    assert b == [(1, 1.0)] and type(b[0][1]) is float


def test_medium_random_database_all_questions():
    data = make_data(103, experiments=8, runs_per_exp=60)
    t, m = loaded(data), Model(data)
    for run_id in range(1, 480, 7):
        assert t.metric_history(run_id, "loss") == m.metric_history(run_id, "loss")
    for i in range(8):
        exp = f"exp-{i:03d}"
        assert t.status_counts(exp) == m.status_counts(exp)
        for key, k in (("loss", 1), ("acc", 10), ("loss", 1000)):
            assert t.best_runs(exp, key, k) == m.best_runs(exp, key, k)

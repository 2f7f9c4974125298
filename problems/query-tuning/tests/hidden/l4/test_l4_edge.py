"""Level 4 edge and scale: all-or-nothing batches, several readers, 100,000 rows."""
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

import math


def fresh():
    t = Tracker()
    t.load([(1, "e")], [(1, 1, "a", "running", 0), (2, 1, "b", "running", 0)], [(1, "loss", 0, 1.0)])
    return t


def test_duplicate_inside_one_batch_inserts_nothing():
    t = fresh()
    with pytest.raises(ValueError):
        t.log_metrics([(2, "acc", 1, 0.5), (2, "acc", 2, 0.6), (2, "acc", 1, 0.7)])
    assert t.metric_history(2, "acc") == []


def test_duplicate_of_stored_row_at_the_end_inserts_nothing():
    t = fresh()
    rows = [(2, "acc", s, s / 4) for s in range(1_000)] + [(1, "loss", 0, 3.0)]
    with pytest.raises(ValueError):
        t.log_metrics(rows)
    assert t.metric_history(2, "acc") == []
    assert t.metric_history(1, "loss") == [(0, 1.0)]


def test_non_finite_values_are_refused_whole_batch():
    t = fresh()
    for bad in (math.nan, math.inf, -math.inf):
        with pytest.raises(ValueError):
            t.log_metrics([(2, "acc", 1, 0.5), (2, "acc", 2, bad)])
    assert t.metric_history(2, "acc") == []
    assert t.log_metrics([(2, "acc", 1, 0.5)]) == 1


def test_empty_batch():
    t = fresh()
    assert t.log_metrics([]) == 0


def test_two_readers_two_snapshots():
    t = fresh()
    r1, r2 = t.reader(), t.reader()
    r1.begin()
    t.log_metrics([(1, "loss", 1, 0.9)])
    r2.begin()
    t.log_metrics([(1, "loss", 2, 0.8)])
    assert (r1.metric_count(1, "loss"), r2.metric_count(1, "loss")) == (1, 2)
    r1.end()
    assert (r1.metric_count(1, "loss"), r2.metric_count(1, "loss")) == (3, 2)
    r2.end()
    assert r2.metric_history(1, "loss") == [(0, 1.0), (1, 0.9), (2, 0.8)]


def test_reader_sees_latest_outside_a_snapshot():
    t = fresh()
    r = t.reader()
    for s in range(1, 6):
        t.log_metrics([(2, "acc", s, float(s))])
        assert r.metric_count(2, "acc") == s


def test_scale_hundred_thousand_rows_in_batches_under_a_reader():
    data = make_data(401, experiments=10, runs_per_exp=200)
    t = loaded(data)
    m = Model(data)
    r = t.reader()
    before = {run_id: len(m.metric_history(run_id, "loss")) for run_id in range(1, 2001)}
    logged = 0
    for b in range(20):
        batch = [(run_id, "loss", 1_000 + b * 20 + j, 0.5) for run_id in range(1, 2001, 8) for j in range(20)]
        r.begin()
        assert t.log_metrics(batch) == len(batch)
        assert r.metric_count(1 + 8 * b, "loss") == before[1 + 8 * b] + 20 * b
        r.end()
        logged += len(batch)
        assert r.metric_count(1 + 8 * b, "loss") == before[1 + 8 * b] + 20 * (b + 1)
    assert logged == 100_000

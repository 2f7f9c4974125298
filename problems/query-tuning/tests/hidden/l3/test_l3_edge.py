"""Level 3 edge and scale: exact page ends, unknown experiment, 10,000 deep pages."""
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


def pages(t, exp, limit):
    out, after, calls = [], None, 0
    while True:
        rows, after = t.runs_page(exp, limit, after)
        assert type(rows) is list and len(rows) <= limit
        out.extend(rows)
        calls += 1
        if after is None:
            return out, calls


def test_page_that_ends_exactly_has_no_next():
    t = Tracker()
    t.load([(1, "e")], [(i, 1, f"r{i}", "finished", i // 2) for i in range(1, 7)], [])
    rows, nxt = t.runs_page("e", 3)
    assert rows == [(6, "r6", 3), (5, "r5", 2), (4, "r4", 2)] and nxt is not None
    rows, nxt = t.runs_page("e", 3, nxt)
    assert rows == [(3, "r3", 1), (2, "r2", 1), (1, "r1", 0)] and nxt is None
    rows, nxt = t.runs_page("e", 6)
    assert len(rows) == 6 and nxt is None


def test_unknown_or_empty_experiment():
    t = Tracker()
    t.load([(1, "e"), (2, "empty")], [(1, 1, "a", "finished", 0)], [])
    assert t.runs_page("nope", 5) == ([], None)
    assert t.runs_page("empty", 5) == ([], None)


def test_bad_limit():
    t = Tracker()
    t.load([(1, "e")], [(1, 1, "a", "finished", 0)], [])
    for bad in (0, -1, 2.0, "3"):
        with pytest.raises(ValueError):
            t.runs_page("e", bad)


def test_other_experiments_never_leak_in():
    data = make_data(302, experiments=6, runs_per_exp=37)
    t, m = loaded(data), Model(data)
    for i in range(6):
        got, _ = pages(t, f"exp-{i:03d}", 5)
        assert got == m.newest_first(f"exp-{i:03d}")


def test_scale_hundred_thousand_runs_to_the_last_page():
    data = make_data(303, experiments=2, runs_per_exp=10, big_runs=100_000)
    t, m = loaded(data), Model(data)
    got, calls = pages(t, "exp-big", 10)
    assert calls == 10_000
    assert got == m.newest_first("exp-big")

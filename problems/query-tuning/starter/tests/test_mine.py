"""Your own tests: run them with `python -m pytest tests`. They are never scored."""

from tracking import Tracker


def test_history_of_one_run():
    t = Tracker()
    t.load([(1, "resnet")], [(10, 1, "a", "finished", 100)],
           [(10, "loss", 5, 0.5), (10, "loss", 0, 2.0)])
    assert t.metric_history(10, "loss") == [(0, 2.0), (5, 0.5)]


# Add your own: EXPLAIN QUERY PLAN of your SQL (conn.execute("EXPLAIN QUERY PLAN " + sql, params)),
# ties in best_runs, a page that ends exactly at the last run, a batch with a duplicate ...

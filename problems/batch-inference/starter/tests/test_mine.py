"""Your own tests: run them with `python -m pytest tests`. They are never scored."""

from sim import Sim


def test_one_request():
    sim = Sim(max_batch=4, max_wait=10)
    rid = sim.submit(1, at=0)
    sim.advance(100)
    assert sim.results()[rid] == ("ok", 4, 21)

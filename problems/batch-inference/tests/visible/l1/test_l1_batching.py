from sim import Sim


def run(sim, ms=100_000):
    sim.advance(ms)
    res = sim.results()
    assert type(res) is dict
    batches = sim.batches()
    assert type(batches) is list
    return res, batches


def check_once(res, batches, rids):
    """Each input in at most one batch; every request answered exactly once, right value."""
    seen = [x for _, _, xs in batches for x in xs]
    assert len(seen) == len(set(seen)), "an input was sent to the model twice"
    for rid in rids:
        assert rid in res, f"request {rid} never got a reply"


def test_example_from_statement():
    sim = Sim(max_batch=4, max_wait=20)
    rids = [sim.submit(100 + i, at=t) for i, t in enumerate([0, 0, 5, 6, 7, 30, 31])]
    res, batches = run(sim, 200)
    assert batches == [(6, 20, [100, 101, 102, 103]), (27, 38, [104]), (50, 62, [105, 106])]
    assert res[rids[4]] == ("ok", 313, 38)
    for i, rid in enumerate(rids):
        status, value, _ = res[rid]
        assert status == "ok" and type(value) is int and value == 3 * (100 + i) + 1


def test_a_lone_request_waits_exactly_max_wait():
    sim = Sim(max_batch=8, max_wait=30)
    rid = sim.submit(5, at=10)
    sim.advance(39)
    assert sim.batches() == [] and sim.results() == {}
    sim.advance(100)
    assert sim.batches() == [(40, 51, [5])]
    assert sim.results()[rid] == ("ok", 16, 51)


def test_full_batch_starts_at_once():
    sim = Sim(max_batch=3, max_wait=1000)
    for x in range(7):
        sim.submit(x, at=0)
    res, batches = run(sim, 5000)
    assert batches == [(0, 13, [0, 1, 2]), (13, 26, [3, 4, 5]), (1000, 1011, [6])]


def test_max_wait_zero_takes_what_is_there():
    sim = Sim(max_batch=4, max_wait=0)
    sim.submit(1, at=0)
    for x in (2, 3, 4, 5, 6):
        sim.submit(x, at=3)
    res, batches = run(sim, 200)
    assert batches == [(0, 11, [1]), (11, 25, [2, 3, 4, 5]), (25, 36, [6])]
    check_once(res, batches, range(6))

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
    a = sim.submit(1, at=0, timeout=15)
    b = sim.submit(2, at=5)
    c = sim.submit(3, at=6)
    sim.cancel(c, at=10)
    res, batches = run(sim, 100)
    assert res[a] == ("timeout", None, 15)
    assert res[c] == ("cancelled", None, 10)
    assert res[b] == ("ok", 7, 36)
    assert batches == [(25, 36, [2])]


def test_timeout_after_the_batch_started_discards_the_reply():
    sim = Sim(max_batch=2, max_wait=100, base=30, per_item=0)
    a = sim.submit(1, at=0, timeout=10)     # batch 0..30 starts at 0 (full)
    b = sim.submit(2, at=0)
    res, batches = run(sim, 200)
    assert batches == [(0, 30, [1, 2])]
    assert res[a] == ("timeout", None, 10)
    assert res[b] == ("ok", 7, 30)


def test_cancelled_request_frees_its_place_for_max_batch():
    sim = Sim(max_batch=3, max_wait=100)
    a = sim.submit(1, at=0)
    b = sim.submit(2, at=1)
    sim.cancel(b, at=2)
    c = sim.submit(3, at=3)
    d = sim.submit(4, at=4)                 # third waiting request: full at 4
    res, batches = run(sim, 500)
    assert batches == [(4, 17, [1, 3, 4])]
    assert res[b] == ("cancelled", None, 2)
    check_once(res, batches, [a, b, c, d])


def test_a_reply_that_arrives_in_time_is_kept():
    sim = Sim(max_batch=1, max_wait=0)
    a = sim.submit(1, at=0, timeout=12)     # answered at 11
    res, _ = run(sim, 100)
    assert res[a] == ("ok", 4, 11)

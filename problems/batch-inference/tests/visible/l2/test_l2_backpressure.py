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


def test_example_backpressure():
    sim = Sim(max_batch=2, max_wait=50, max_queue=3)
    rids = [sim.submit(x, at=0) for x in range(6)]
    res, batches = run(sim, 100)
    assert batches == [(0, 12, [0, 1]), (12, 24, [2, 3]), (24, 36, [4, 5])]
    check_once(res, batches, rids)


def test_example_close():
    sim = Sim(max_batch=4, max_wait=100)
    sim.submit(7, at=0)
    sim.submit(8, at=1)
    done = sim.close(at=5)
    late = sim.submit(9, at=6)
    res, batches = run(sim, 50)
    assert batches == [(5, 17, [7, 8])]
    assert res[done] == ("closed", None, 17)
    assert res[late][0] == "RuntimeError"


def test_waiting_for_room_is_fifo():
    sim = Sim(max_batch=2, max_wait=1000, max_queue=2, base=20, per_item=0)
    rids = [sim.submit(x, at=0) for x in range(2)]       # batch at 0 .. 20
    rids += [sim.submit(x, at=1) for x in range(2, 8)]   # 2, 3 queued; 4..7 wait for room
    res, batches = run(sim, 1000)
    assert batches == [(0, 20, [0, 1]), (20, 40, [2, 3]), (40, 60, [4, 5]), (60, 80, [6, 7])]
    check_once(res, batches, rids)


def test_close_with_nothing_returns_at_once():
    sim = Sim(max_batch=4, max_wait=10)
    done = sim.close(at=3)
    res, batches = run(sim, 10)
    assert res[done] == ("closed", None, 3) and batches == []

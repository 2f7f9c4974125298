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
    sim = Sim(max_batch=2, max_wait=0, aging=10)
    sim.submit(1, at=0)
    sim.submit(2, at=1, priority=0)
    sim.submit(3, at=2, priority=1)
    sim.submit(4, at=3, priority=1)
    res, batches = run(sim, 100)
    assert batches[:2] == [(0, 11, [1]), (11, 23, [2, 3])]


def test_higher_priority_first_best_first_in_the_batch():
    sim = Sim(max_batch=3, max_wait=0, base=50, per_item=0)
    sim.submit(0, at=0)                              # runs 0..50
    for x, p in [(1, 0), (2, 5), (3, 9), (4, 5), (5, 0)]:
        sim.submit(x, at=10 + x, priority=p)
    res, batches = run(sim, 1000)
    assert [b for _, _, b in batches] == [[0], [3, 2, 4], [1, 5]]


def test_aging_lets_old_work_overtake():
    sim = Sim(max_batch=1, max_wait=0, aging=10, base=30, per_item=0)
    sim.submit(0, at=0)                              # runs 0..30
    sim.submit(1, at=1, priority=0)                  # at 30: 0 + 29 // 10 = 2
    sim.submit(2, at=15, priority=2)                 # at 30: 2 + 15 // 10 = 3
    sim.submit(3, at=21, priority=1)                 # at 30: 1 + 0 = 1
    res, batches = run(sim, 1000)
    # at 30: 2 (3) beats 1 (2); at 60: 1 has 0 + 59 // 10 = 5, 3 has 1 + 39 // 10 = 4
    assert [b for _, _, b in batches] == [[0], [2], [1], [3]]


def test_bad_priority():
    sim = Sim(max_batch=2, max_wait=5)
    a = sim.submit(1, at=0, priority=10)
    b = sim.submit(2, at=0, priority=-1)
    res, batches = run(sim, 100)
    assert res[a][0] == "ValueError" and res[b][0] == "ValueError"
    assert batches == []

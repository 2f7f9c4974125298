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


import random


def test_overdue_request_starts_when_the_model_frees():
    sim = Sim(max_batch=10, max_wait=5, per_item=0, base=50)
    sim.submit(1, at=0)          # batch at 5 .. 55
    sim.submit(2, at=6)          # overdue at 11, model busy until 55
    sim.submit(3, at=20)
    res, batches = run(sim, 500)
    assert batches == [(5, 55, [1]), (55, 105, [2, 3])]


def test_results_go_to_their_own_callers():
    sim = Sim(max_batch=5, max_wait=7)
    xs = list(range(1000, 1037))
    rids = [sim.submit(x, at=i) for i, x in enumerate(xs)]
    res, batches = run(sim, 2000)
    check_once(res, batches, rids)
    for rid, x in zip(rids, xs):
        assert res[rid][:2] == ("ok", 3 * x + 1)
    assert all(1 <= len(b) <= 5 for _, _, b in batches)


def test_model_never_called_twice_at_once_and_batches_are_fifo():
    rng = random.Random(4)
    sim = Sim(max_batch=6, max_wait=13)
    times = sorted(rng.randrange(0, 3000) * 2 for _ in range(800))
    rids = [sim.submit(i, at=t) for i, t in enumerate(times)]
    res, batches = run(sim, 20_000)
    check_once(res, batches, rids)
    order = [x for _, _, xs in batches for x in xs]
    assert order == sorted(order) == list(range(800))
    for (s1, e1, _), (s2, _, _) in zip(batches, batches[1:]):
        assert e1 <= s2


def test_single_request_batches():
    sim = Sim(max_batch=1, max_wait=1000)
    for x in range(3):
        sim.submit(x, at=0)
    res, batches = run(sim, 200)
    assert batches == [(0, 11, [0]), (11, 22, [1]), (22, 33, [2])]


def test_scale_many_requests():
    rng = random.Random(9)
    sim = Sim(max_batch=32, max_wait=20)
    t, reqs = 0, []
    for i in range(15_000):
        t += rng.choice([0, 0, 1, 2])
        reqs.append((t, i, {}))
    rids = sim.submit_many(reqs)
    res, batches = run(sim, 200_000)
    assert len(res) == 15_000
    assert all(res[r][0] == "ok" and res[r][1] == 3 * i + 1 for r, (_, i, _) in zip(rids, reqs))
    assert sum(len(b) for _, _, b in batches) == 15_000

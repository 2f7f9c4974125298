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


def test_timeout_while_waiting_for_room():
    sim = Sim(max_batch=1, max_wait=0, max_queue=1, base=50, per_item=0)
    a = sim.submit(1, at=0)                 # running 0..50
    b = sim.submit(2, at=1)                 # queued
    c = sim.submit(3, at=2, timeout=20)     # waits for room; gives up at 22
    d = sim.submit(4, at=3)                 # waits for room behind c
    res, batches = run(sim, 1000)
    assert res[c] == ("timeout", None, 22)
    assert batches == [(0, 50, [1]), (50, 100, [2]), (100, 150, [4])]
    check_once(res, batches, [a, b, c, d])


def test_cancel_while_waiting_for_room_passes_the_place_on():
    sim = Sim(max_batch=2, max_wait=1000, max_queue=2, base=20, per_item=0)
    first = [sim.submit(x, at=0) for x in (1, 2)]       # batch 0..20
    queued = [sim.submit(x, at=1) for x in (3, 4)]
    waiting = [sim.submit(x, at=2) for x in (5, 6, 7)]
    sim.cancel(waiting[0], at=5)
    res, batches = run(sim, 3000)
    assert batches == [(0, 20, [1, 2]), (20, 40, [3, 4]), (40, 60, [6, 7])]
    assert res[waiting[0]] == ("cancelled", None, 5)
    check_once(res, batches, first + queued + waiting)


def test_oldest_removed_moves_the_max_wait_deadline():
    sim = Sim(max_batch=10, max_wait=30)
    a = sim.submit(1, at=0)
    b = sim.submit(2, at=11)
    sim.cancel(a, at=20)
    res, batches = run(sim, 500)
    assert batches == [(41, 52, [2])]


def test_everything_cancelled_means_no_batch():
    sim = Sim(max_batch=4, max_wait=10)
    rids = [sim.submit(x, at=0, timeout=5) for x in range(3)]
    res, batches = run(sim, 100)
    assert batches == []
    assert [res[r] for r in rids] == [("timeout", None, 5)] * 3


def test_random_churn_never_loses_or_duplicates():
    rng = random.Random(6)
    sim = Sim(max_batch=5, max_wait=7, max_queue=15)
    rids, kinds = [], {}
    for i in range(1500):
        t = 2 * rng.randrange(0, 2500) + 1
        kw = {"timeout": 2 * rng.randrange(5, 60)} if rng.random() < 0.3 else {}
        rid = sim.submit(i, at=t, **kw)
        rids.append(rid)
        if rng.random() < 0.1:
            sim.cancel(rid, at=t + 2 * rng.randrange(1, 30))
    res, batches = run(sim, 200_000)
    check_once(res, batches, rids)
    sent = {x for _, _, xs in batches for x in xs}
    for i, rid in enumerate(rids):
        status, value, when = res[rid]
        assert status in ("ok", "timeout", "cancelled"), res[rid]
        if status == "ok":
            assert value == 3 * i + 1 and i in sent
    answered = {i for i, rid in enumerate(rids) if res[rid][0] == "ok"}
    assert answered <= sent

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


def burst(seed, aging):
    """A burst of urgent traffic above the model's capacity, some batch work underneath."""
    rng = random.Random(seed)
    sim = Sim(max_batch=16, max_wait=5, aging=aging)   # capacity: 16 per 26 ms
    reqs = []
    for t in range(0, 16_000):
        urgent = 1 + (rng.random() < 0.6) if t < 8_000 else int(rng.random() < 0.1)
        for _ in range(urgent):            # 1.6 per ms for 8 s: about 8,000 wait at the peak
            reqs.append((t, len(reqs), {"priority": 9}))
        if rng.random() < 0.1:
            kw = {"priority": 0}
            if rng.random() < 0.2:
                kw["timeout"] = 2 * rng.randrange(1000, 2000) + 1
            reqs.append((t, len(reqs), kw))
    rids = sim.submit_many(reqs)
    res, batches = run(sim, 100_000)
    return reqs, rids, res, batches


def test_scale_burst_with_aging_starves_no_one():
    reqs, rids, res, batches = burst(1, aging=100)
    check_once(res, batches, rids)
    waited = {0: [], 9: []}
    timeouts = 0
    for (t, x, kw), rid in zip(reqs, rids):
        status, value, when = res[rid]
        if status == "ok":
            assert value == 3 * x + 1
            waited[kw["priority"]].append(when - t)
        else:
            assert status == "timeout" and "timeout" in kw, res[rid]
            timeouts += 1
    # the reference: low priority waits at most 14,702 ms here; without aging, 22,143 ms
    assert max(waited[0]) <= 18_000, max(waited[0])
    # urgent work is faster on average (0.70 of the low-priority mean; FIFO would be 1.0)
    mean = {p: sum(w) / len(w) for p, w in waited.items()}
    assert mean[9] < 0.95 * mean[0], mean
    assert sum(len(b) for _, _, b in batches) >= len(reqs) - timeouts


def test_queued_timeouts_are_never_sent():
    sim = Sim(max_batch=4, max_wait=0, base=100, per_item=0)
    sim.submit(0, at=0)                                   # runs 0..100
    rids = [sim.submit(x, at=1, priority=x % 10, timeout=51) for x in range(1, 200)]
    res, batches = run(sim, 5000)
    assert batches == [(0, 100, [0])]
    assert all(res[r] == ("timeout", None, 52) for r in rids)


def test_room_waiters_ignore_priority():
    sim = Sim(max_batch=1, max_wait=0, max_queue=1, base=20, per_item=0)
    sim.submit(0, at=0)                                   # runs 0..20
    sim.submit(1, at=1, priority=0)                       # queued
    sim.submit(2, at=2, priority=0)                       # waits for room
    sim.submit(3, at=3, priority=9)                       # waits for room behind 2
    res, batches = run(sim, 1000)
    assert [b for _, _, b in batches] == [[0], [1], [2], [3]]


def test_ties_by_entering_order_without_aging():
    sim = Sim(max_batch=2, max_wait=0, base=40, per_item=0)
    sim.submit(0, at=0)
    for x in range(1, 7):
        sim.submit(x, at=x, priority=3 if x % 2 else 7)
    res, batches = run(sim, 1000)
    assert [b for _, _, b in batches] == [[0], [2, 4], [6, 1], [3, 5]]

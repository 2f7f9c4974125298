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


def test_max_wait_counts_from_entering_the_queue():
    sim = Sim(max_batch=3, max_wait=30, max_queue=1, base=40, per_item=0)
    sim.submit(1, at=0)           # queued at 0, batch at 30 .. 70
    sim.submit(2, at=10)          # queued at 10? no: 1 is in the queue until 30
    res, batches = run(sim, 500)
    # 2 enters the queue at 30 (when 1 leaves it): its max_wait runs out at 60, but the
    # model is busy until 70, so its batch starts at 70
    assert batches == [(30, 70, [1]), (70, 110, [2])]


def test_max_wait_from_entering_with_an_idle_model():
    sim = Sim(max_batch=2, max_wait=25, max_queue=2, base=5, per_item=0)
    for x in (1, 2):
        sim.submit(x, at=0)       # full: batch at 0 .. 5
    for x in (3, 4, 5):
        sim.submit(x, at=1)       # 3, 4 queued at 1; 5 waits for room
    res, batches = run(sim, 500)
    # at 5: 3, 4 taken (2 waiting = max_batch); 5 enters at 5 and waits 25 ms
    assert batches == [(0, 5, [1, 2]), (5, 10, [3, 4]), (30, 35, [5])]


def test_close_flushes_queue_and_room_waiters():
    sim = Sim(max_batch=2, max_wait=500, max_queue=2, base=10, per_item=0)
    rids = [sim.submit(x, at=0) for x in range(7)]
    done = sim.close(at=1)
    res, batches = run(sim, 1000)
    assert batches == [(0, 10, [0, 1]), (10, 20, [2, 3]), (20, 30, [4, 5]), (30, 40, [6])]
    assert res[done] == ("closed", None, 40)
    check_once(res, batches, rids)
    assert all(res[r][0] == "ok" for r in rids)


def test_after_close_everything_new_is_refused():
    sim = Sim(max_batch=2, max_wait=5)
    sim.close(at=0)
    rids = [sim.submit(x, at=1) for x in range(3)]
    res, batches = run(sim, 100)
    assert batches == []
    assert [res[r][0] for r in rids] == ["RuntimeError"] * 3


def test_queue_never_exceeds_its_bound_under_a_burst():
    rng = random.Random(2)
    sim = Sim(max_batch=8, max_wait=9, max_queue=20)
    times = sorted(rng.randrange(0, 400) for _ in range(600))
    rids = [sim.submit(i, at=t) for i, t in enumerate(times)]
    res, batches = run(sim, 100_000)
    check_once(res, batches, rids)
    order = [x for _, _, xs in batches for x in xs]
    assert_same(order, list(range(600)))      # room is given in call order
    # a batch takes from the queue, which holds at most the 20 oldest requests not yet batched
    taken = 0
    for _, _, xs in batches:
        assert xs[-1] < taken + 20
        taken += len(xs)


def assert_same(got, want):
    """`assert got == want` for long lists and texts, failing with a short message:
    pytest's full diff (the harness shows diffs in full) of two long sequences that
    differ throughout is quadratic, minutes at these sizes."""
    if type(got) is type(want) and got == want:
        return
    if type(got) is not type(want):
        raise AssertionError(f"got a {type(got).__name__}, expected a {type(want).__name__}")
    i = next((k for k, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
    w = 40 if type(want) is str else 3
    raise AssertionError(f"lengths {len(got)} and {len(want)} (got, expected); first difference at "
                         f"index {i}: got {got[i:i + w]!r}, expected {want[i:i + w]!r}")

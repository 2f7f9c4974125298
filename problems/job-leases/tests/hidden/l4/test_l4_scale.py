"""Scale: 100,000 jobs through claims, heartbeats, late and stale completions,
redeliveries and dead letters, in a few dozen batch calls. Every item must be
O(log n): scanning all jobs per claim or per call is far too slow."""

from leases import JobQueue

N = 100_000
BATCH = 5_000


def ids(rule):
    return [i for i in range(N) if rule(i)]


def claim_all(q, count, now):
    out = []
    while len(out) < count:
        got = q.claim_many("fleet", BATCH, now)
        assert got, "queue ran dry early"
        out.extend(got)
    return out


def complete(q, items, now):
    out = []
    for k in range(0, len(items), BATCH):
        out.extend(q.complete_many(items[k:k + BATCH], now))
    return out


def test_hundred_thousand_jobs_with_takeovers_and_dead_letters():
    q = JobQueue(lease_seconds=10, max_attempts=3)
    q.submit_many([(f"job-{i:06d}", f"p{i}") for i in range(N)], now=0)
    first = claim_all(q, N, now=0)                       # tokens 1..N, expire at 10
    assert first[0] == ("job-000000", "p0", 1) and first[-1] == (f"job-{N - 1:06d}", f"p{N - 1}", N)
    assert_same([c[2] for c in first], list(range(1, N + 1)))

    # t=5: group 1 (i % 4 == 1) heartbeats: its leases now expire at 15
    hb = q.heartbeat_many([(f"job-{i:06d}", i + 1) for i in ids(lambda i: i % 4 == 1)], 5)
    assert_same(hb, [True] * (N // 4))
    # t=7: group 0 completes; every item repeated with another result is refused
    g0 = [(f"job-{i:06d}", i + 1, f"r{i}") for i in ids(lambda i: i % 4 == 0)]
    assert_same(complete(q, g0, 7), [True] * len(g0))
    assert_same(complete(q, [(j, t, "dup") for j, t, _ in g0[:BATCH]], 8), [False] * BATCH)

    # t=10: groups 2 and 3 expired and come back in submit order
    assert q.counts(10) == {"pending": N // 2, "leased": N // 4, "done": N // 4, "dead": 0}
    second = claim_all(q, N // 2, now=10)                # expire at 20
    assert_same([c[0] for c in second], [f"job-{i:06d}" for i in ids(lambda i: i % 4 >= 2)])
    assert_same([c[2] for c in second], list(range(N + 1, N + N // 2 + 1)))
    new_token = {c[0]: c[2] for c in second}

    # t=12: group 3's old tokens are stale; group 2 completes with its new tokens
    g3_old = [(f"job-{i:06d}", i + 1, "stale") for i in ids(lambda i: i % 4 == 3)]
    assert_same(complete(q, g3_old, 12), [False] * len(g3_old))
    g2 = [(f"job-{i:06d}", new_token[f"job-{i:06d}"], f"r{i}") for i in ids(lambda i: i % 4 == 2)]
    assert_same(complete(q, g2, 12), [True] * len(g2))

    # t=16: group 1 expired at 15; half of it completes late with the first token
    late = [(f"job-{i:06d}", i + 1, f"late{i}") for i in ids(lambda i: i % 8 == 1)]
    assert_same(complete(q, late, 16), [True] * len(late))

    # t=20: group 3 expired again; pending: the other half of group 1 and group 3
    third = claim_all(q, N // 8 + N // 4, now=20)        # expire at 30
    assert_same([c[0] for c in third], [f"job-{i:06d}" for i in ids(lambda i: i % 8 == 5 or i % 4 == 3)])
    assert q.claim_many("fleet", BATCH, 20) == []
    g1_old = [(f"job-{i:06d}", i + 1, "stale") for i in ids(lambda i: i % 8 == 5)]
    assert_same(complete(q, g1_old, 22), [False] * len(g1_old))
    third_token = {c[0]: c[2] for c in third}
    g1 = [(f"job-{i:06d}", third_token[f"job-{i:06d}"], f"r{i}") for i in ids(lambda i: i % 8 == 5)]
    assert_same(complete(q, g1, 22), [True] * len(g1))

    # t=30: group 3's third attempt expired: dead, in submit order
    assert q.counts(30) == {"pending": 0, "leased": 0, "done": 3 * N // 4, "dead": N // 4}
    assert_same(q.dead_letters(30), [f"job-{i:06d}" for i in ids(lambda i: i % 4 == 3)])
    assert q.claim_many("fleet", BATCH, 31) == []
    assert [q.result(f"job-{i:06d}", 31) for i in (0, 1, 2, 5, 9, 13)] == \
        ["r0", "late1", "r2", "r5", "late9", "r13"]
    assert q.attempts("job-000003", 31) == 3 and q.attempts("job-000001", 31) == 1


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

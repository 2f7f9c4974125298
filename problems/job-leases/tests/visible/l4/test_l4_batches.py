"""Level 4: batch calls behave exactly like the single calls, in order."""

import pytest

from leases import JobQueue


def test_example_from_statement():
    q = JobQueue(lease_seconds=10, max_attempts=3)
    assert q.submit_many([("a", "1"), ("b", "2"), ("c", "3")], now=0) is None
    got = q.claim_many("w1", 2, now=0)
    assert type(got) is list and got == [("a", "1", 1), ("b", "2", 2)]
    hb = q.heartbeat_many([("a", 1), ("b", 7)], now=5)
    assert type(hb) is list and hb == [True, False]
    assert q.complete_many([("a", 1, "ok"), ("a", 1, "twice")], now=6) == [True, False]
    c = q.counts(now=10)
    assert type(c) is dict and c == {"pending": 2, "leased": 0, "done": 1, "dead": 0}
    with pytest.raises(ValueError):
        q.submit_many([("d", "4"), ("a", "dup")], now=11)
    assert q.claim_many("w2", 5, now=11) == [("b", "2", 3), ("c", "3", 4)]


def test_medium_run_of_the_hidden_scale_test():
    n = 4_000
    q = JobQueue(lease_seconds=10, max_attempts=2)
    q.submit_many([(f"j{i}", str(i)) for i in range(n)], now=0)
    claims = q.claim_many("w", n, now=0)
    assert_same([c[2] for c in claims], list(range(1, n + 1)))
    evens = [(f"j{i}", i + 1, f"r{i}") for i in range(0, n, 2)]
    assert_same(q.complete_many(evens, now=3), [True] * (n // 2))
    assert q.counts(now=10) == {"pending": n // 2, "leased": 0, "done": n // 2, "dead": 0}
    again = q.claim_many("w", n, now=10)
    assert_same([c[0] for c in again], [f"j{i}" for i in range(1, n, 2)])
    assert q.counts(now=20) == {"pending": 0, "leased": 0, "done": n // 2, "dead": n // 2}
    assert_same(q.dead_letters(now=20), [f"j{i}" for i in range(1, n, 2)])


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

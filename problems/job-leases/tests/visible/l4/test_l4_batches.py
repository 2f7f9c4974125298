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
    assert [c[2] for c in claims] == list(range(1, n + 1))
    evens = [(f"j{i}", i + 1, f"r{i}") for i in range(0, n, 2)]
    assert q.complete_many(evens, now=3) == [True] * (n // 2)
    assert q.counts(now=10) == {"pending": n // 2, "leased": 0, "done": n // 2, "dead": 0}
    again = q.claim_many("w", n, now=10)
    assert [c[0] for c in again] == [f"j{i}" for i in range(1, n, 2)]
    assert q.counts(now=20) == {"pending": 0, "leased": 0, "done": n // 2, "dead": n // 2}
    assert q.dead_letters(now=20) == [f"j{i}" for i in range(1, n, 2)]

"""Level 4 edge cases: batch semantics equal the single calls'."""

import pytest

from leases import JobQueue


def test_submit_many_duplicate_inside_the_batch_adds_nothing():
    q = JobQueue(lease_seconds=5)
    with pytest.raises(ValueError):
        q.submit_many([("a", "1"), ("b", "2"), ("a", "3")], now=0)
    assert q.counts(now=0) == {"pending": 0, "leased": 0, "done": 0, "dead": 0}
    q.submit_many([("a", "x")], now=0)
    assert q.claim_many("w", 10, now=0) == [("a", "x", 1)]


def test_claim_many_zero_and_empty():
    q = JobQueue(lease_seconds=5)
    assert q.claim_many("w", 3, now=0) == []
    q.submit("a", "1", now=0)
    assert q.claim_many("w", 0, now=0) == []
    assert q.status("a", now=0) == "pending"


def test_complete_many_same_job_twice_in_one_batch():
    q = JobQueue(lease_seconds=5)
    q.submit_many([("a", "1"), ("b", "2")], now=0)
    q.claim_many("w", 2, now=0)
    got = q.complete_many([("b", 2, "x"), ("b", 2, "y"), ("a", 2, "z"), ("a", 1, "w")], now=1)
    assert got == [True, False, False, True]
    assert q.result("b", now=1) == "x" and q.result("a", now=1) == "w"


def test_batch_applies_expiry_first():
    q = JobQueue(lease_seconds=5, max_attempts=2)
    q.submit_many([("a", "1"), ("b", "2")], now=0)
    q.claim_many("w", 2, now=0)
    assert q.heartbeat_many([("a", 1), ("b", 2)], now=5) == [False, False]
    assert q.claim_many("w", 5, now=5) == [("a", "1", 3), ("b", "2", 4)]
    assert q.complete_many([("a", 1, "late"), ("a", 3, "ok")], now=6) == [False, True]
    assert q.counts(now=10) == {"pending": 0, "leased": 0, "done": 1, "dead": 1}


def test_counts_has_four_keys_and_is_a_copy():
    q = JobQueue(lease_seconds=5, max_attempts=1)
    q.submit_many([("a", ""), ("b", ""), ("c", ""), ("d", "")], now=0)
    toks = [c[2] for c in q.claim_many("w", 3, now=0)]
    q.complete("a", toks[0], "r", now=1)
    q.fail("b", toks[1], now=1)
    c = q.counts(now=1)
    assert c == {"pending": 1, "leased": 1, "done": 1, "dead": 1}
    assert all(type(v) is int for v in c.values())

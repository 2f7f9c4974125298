"""Level 3: attempts, fail(), dead letters after max_attempts."""

from leases import JobQueue


def test_example_from_statement():
    q = JobQueue(lease_seconds=5, max_attempts=2)
    q.submit("a", "p", now=0)
    q.submit("b", "q", now=0)
    assert q.claim("w1", now=0) == ("a", "p", 1)
    assert q.fail("a", 1, now=1) is True
    assert q.claim("w1", now=1) == ("a", "p", 2)
    assert q.claim("w2", now=1) == ("b", "q", 3)
    n = q.attempts("a", now=2)
    assert type(n) is int and n == 2
    assert q.status("a", now=6) == "dead"
    assert q.status("b", now=6) == "pending"
    d = q.dead_letters(now=6)
    assert type(d) is list and d == ["a"]
    assert q.complete("a", 2, "late", now=7) is False
    assert q.claim("w3", now=7) == ("b", "q", 4)
    assert q.attempts("b", now=7) == 2


def test_unlimited_attempts_by_default():
    q = JobQueue(lease_seconds=1)
    q.submit("a", "p", now=0)
    for t in range(20):
        _, _, tok = q.claim("w", now=t)
        assert q.fail("a", tok, now=t) is True
    assert q.attempts("a", now=20) == 20
    assert q.status("a", now=20) == "pending"
    assert q.dead_letters(now=20) == []

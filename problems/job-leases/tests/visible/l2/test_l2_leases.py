"""Level 2: leases expire (exclusive end), heartbeats extend, stale tokens lose."""

from leases import JobQueue


def test_example_from_statement():
    q = JobQueue(lease_seconds=10)
    q.submit("a", "p", now=0)
    q.submit("b", "q", now=0)
    assert q.claim("w1", now=0) == ("a", "p", 1)
    assert q.heartbeat("a", 1, now=8) is True
    assert q.status("a", now=17) == "leased"
    assert q.status("a", now=18) == "pending"
    assert q.heartbeat("a", 1, now=18) is False
    assert q.claim("w2", now=18) == ("a", "p", 2)
    assert q.complete("a", 1, "late", now=19) is False
    assert q.complete("a", 2, "ok", now=19) is True
    assert q.claim("w2", now=19) == ("b", "q", 3)
    assert q.complete("b", 3, "slow", now=40) is True
    assert q.result("a", now=40) == "ok" and q.result("b", now=40) == "slow"


def test_expiry_moment_is_exclusive():
    q = JobQueue(lease_seconds=5)
    q.submit("a", "p", now=10)
    q.claim("w", now=10)
    assert q.status("a", now=14) == "leased"
    assert q.claim("w2", now=14) is None
    assert q.status("a", now=15) == "pending"
    assert q.claim("w2", now=15) == ("a", "p", 2)

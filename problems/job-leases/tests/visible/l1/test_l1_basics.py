"""Level 1: submit, claim in submit order, complete with the latest token."""

import pytest

from leases import JobQueue


def test_example_from_statement():
    q = JobQueue(lease_seconds=30)
    assert q.submit("a", "resize img1", now=0) is None
    q.submit("b", "resize img2", now=0)
    c1 = q.claim("w1", now=1)
    assert type(c1) is tuple and c1 == ("a", "resize img1", 1) and type(c1[2]) is int
    assert q.claim("w2", now=1) == ("b", "resize img2", 2)
    assert q.claim("w3", now=1) is None
    assert q.complete("a", 2, "ok", now=2) is False
    assert q.complete("a", 1, "ok", now=2) is True
    assert q.complete("a", 1, "again", now=3) is False
    assert (q.status("a", now=3), q.result("a", now=3)) == ("done", "ok")
    assert (q.status("b", now=3), q.result("b", now=3)) == ("leased", None)


def test_pending_status_and_no_result():
    q = JobQueue(lease_seconds=30)
    q.submit("x", "", now=0)
    s = q.status("x", now=0)
    assert type(s) is str and s == "pending"
    assert q.result("x", now=0) is None


def test_duplicate_submit_raises():
    q = JobQueue(lease_seconds=30)
    q.submit("x", "1", now=0)
    with pytest.raises(ValueError):
        q.submit("x", "2", now=0)
    assert q.claim("w", now=0) == ("x", "1", 1)

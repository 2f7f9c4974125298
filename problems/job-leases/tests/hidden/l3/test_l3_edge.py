"""Level 3 edge cases: fail() rules, dead-letter order, dead is final."""

import pytest

from leases import JobQueue


def test_attempts_zero_before_claim_and_unknown_raises():
    q = JobQueue(lease_seconds=5, max_attempts=3)
    q.submit("a", "p", now=0)
    assert q.attempts("a", now=0) == 0
    with pytest.raises(KeyError):
        q.attempts("nope", now=0)


def test_fail_needs_a_live_latest_lease():
    q = JobQueue(lease_seconds=5, max_attempts=5)
    q.submit("a", "p", now=0)
    assert q.fail("a", 1, now=0) is False           # not claimed yet
    q.claim("w", now=0)
    assert q.fail("a", 99, now=1) is False          # wrong token
    assert q.fail("a", 1, now=5) is False           # expired at 5
    assert q.attempts("a", now=5) == 1
    q.claim("w", now=5)                              # token 2
    assert q.fail("a", 1, now=6) is False           # stale token
    assert q.fail("a", 2, now=6) is True
    assert q.fail("a", 2, now=6) is False           # that attempt is already over
    assert q.fail("nope", 1, now=6) is False
    assert q.status("a", now=6) == "pending"


def test_max_attempts_one_dies_on_first_failure():
    q = JobQueue(lease_seconds=5, max_attempts=1)
    q.submit("a", "p", now=0)
    q.claim("w", now=0)
    assert q.fail("a", 1, now=2) is True
    assert q.status("a", now=2) == "dead"
    assert q.dead_letters(now=2) == ["a"]
    assert q.claim("w", now=2) is None


def test_dead_job_rejects_everything():
    q = JobQueue(lease_seconds=5, max_attempts=1)
    q.submit("a", "p", now=0)
    q.claim("w", now=0)
    assert q.status("a", now=5) == "dead"
    assert q.complete("a", 1, "late", now=6) is False
    assert q.heartbeat("a", 1, now=6) is False
    assert q.fail("a", 1, now=6) is False
    assert q.result("a", now=6) is None
    assert q.attempts("a", now=6) == 1


def test_dead_letters_in_order_of_death_then_submit_order():
    q = JobQueue(lease_seconds=10, max_attempts=1)
    for j in ["a", "b", "c", "d", "e"]:
        q.submit(j, "", now=0)
    q.claim("w", now=0)          # a expires at 10
    q.claim("w", now=3)          # b expires at 13
    q.claim("w", now=3)          # c expires at 13
    q.claim("w", now=4)          # d expires at 14
    _, _, te = q.claim("w", now=4)
    q.fail("e", te, now=5)       # e dies at 5
    assert q.dead_letters(now=9) == ["e"]
    q.heartbeat("c", 3, now=5)   # c now expires at 15
    assert q.dead_letters(now=100) == ["e", "a", "b", "d", "c"]


def test_same_moment_deaths_listed_in_submit_order_not_claim_order():
    q = JobQueue(lease_seconds=10, max_attempts=2)
    q.submit("x", "", now=0)
    q.submit("y", "", now=0)
    _, _, tx = q.claim("w", now=0)
    _, _, ty = q.claim("w", now=0)
    q.fail("x", tx, now=1)
    q.fail("y", ty, now=1)
    assert q.claim("w", now=2)[0] == "x"
    assert q.claim("w", now=2)[0] == "y"
    assert q.dead_letters(now=11) == []
    assert q.dead_letters(now=12) == ["x", "y"]


def test_dead_letters_returns_a_new_list():
    q = JobQueue(lease_seconds=1, max_attempts=1)
    q.submit("a", "", now=0)
    q.claim("w", now=0)
    first = q.dead_letters(now=1)
    first.append("junk")
    assert q.dead_letters(now=1) == ["a"]


def test_late_completion_still_works_with_attempts_left():
    q = JobQueue(lease_seconds=2, max_attempts=3)
    q.submit("a", "p", now=0)
    q.claim("w", now=0)
    assert q.status("a", now=2) == "pending"
    assert q.complete("a", 1, "late", now=3) is True
    assert q.dead_letters(now=50) == [] and q.status("a", now=50) == "done"


def test_fail_at_a_moment_comes_after_that_moments_expiries():
    q = JobQueue(lease_seconds=5, max_attempts=1)
    q.submit("a", "", now=0)
    q.submit("b", "", now=0)
    _, _, ta = q.claim("w", now=0)     # a expires at 5
    q.claim("w", now=0)                # b expires at 5
    q.heartbeat("a", ta, now=1)        # a now expires at 6
    assert q.fail("a", ta, now=5) is True
    assert q.dead_letters(now=5) == ["b", "a"]

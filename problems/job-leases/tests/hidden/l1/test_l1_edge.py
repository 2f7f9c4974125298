"""Level 1 edge cases: constructor checks, unknown jobs, tokens, order, done is final."""

import pytest

from leases import JobQueue


@pytest.mark.parametrize("bad", [0, -1, 2.5, "30", None, True])
def test_bad_lease_seconds(bad):
    with pytest.raises(ValueError):
        JobQueue(lease_seconds=bad)


@pytest.mark.parametrize("bad", [0, -3, 1.0, "2"])
def test_bad_max_attempts(bad):
    with pytest.raises(ValueError):
        JobQueue(lease_seconds=5, max_attempts=bad)


def test_unknown_job_raises_keyerror_and_complete_is_false():
    q = JobQueue(lease_seconds=5)
    with pytest.raises(KeyError):
        q.status("nope", now=0)
    with pytest.raises(KeyError):
        q.result("nope", now=0)
    assert q.complete("nope", 1, "r", now=0) is False


def test_complete_before_any_claim_is_false():
    q = JobQueue(lease_seconds=5)
    q.submit("a", "p", now=0)
    assert q.complete("a", 0, "r", now=0) is False
    assert q.complete("a", 1, "r", now=0) is False
    assert q.status("a", now=0) == "pending"


def test_done_result_is_never_overwritten():
    q = JobQueue(lease_seconds=100)
    q.submit("a", "p", now=0)
    _, _, t = q.claim("w", now=0)
    assert q.complete("a", t, "first", now=1) is True
    for now in (1, 2, 50):
        assert q.complete("a", t, "second", now=now) is False
    assert q.result("a", now=60) == "first"
    assert q.status("a", now=60) == "done"
    assert q.claim("w", now=60) is None


def test_empty_result_is_a_result():
    q = JobQueue(lease_seconds=100)
    q.submit("a", "p", now=0)
    _, _, t = q.claim("w", now=0)
    assert q.complete("a", t, "", now=0) is True
    r = q.result("a", now=0)
    assert type(r) is str and r == ""


def test_claim_order_and_tokens_over_many_jobs():
    q = JobQueue(lease_seconds=10**9)
    for i in range(2_000):
        q.submit(f"job-{i}", f"payload-{i}", now=i)
    got = [q.claim(f"w{i % 7}", now=5_000) for i in range(2_001)]
    assert got[-1] is None
    assert got[:-1] == [(f"job-{i}", f"payload-{i}", i + 1) for i in range(2_000)]


def test_interleaved_submit_and_claim():
    q = JobQueue(lease_seconds=10**9)
    q.submit("a", "1", now=0)
    assert q.claim("w", now=0) == ("a", "1", 1)
    assert q.claim("w", now=0) is None
    q.submit("b", "2", now=1)
    q.submit("c", "3", now=1)
    assert q.claim("w", now=2) == ("b", "2", 2)
    assert q.complete("b", 2, "ok", now=2) is True
    assert q.claim("w", now=2) == ("c", "3", 3)
    with pytest.raises(ValueError):
        q.submit("b", "again", now=3)

"""Your own tests: run them with `python -m pytest tests`. They are never scored."""

from leases import JobQueue


def test_first_claim_gets_token_one():
    q = JobQueue(lease_seconds=30)
    q.submit("a", "payload", now=0)
    assert q.claim("w1", now=0) == ("a", "payload", 1)

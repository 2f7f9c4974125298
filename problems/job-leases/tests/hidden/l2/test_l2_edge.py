"""Level 2 edge cases: redelivery order, heartbeats, late completions."""

from leases import JobQueue


def test_redelivered_job_keeps_its_place():
    q = JobQueue(lease_seconds=5)
    q.submit("old", "1", now=0)
    q.claim("w", now=0)
    q.submit("new1", "2", now=1)
    q.submit("new2", "3", now=2)
    assert q.claim("w", now=5) == ("old", "1", 2)
    assert q.claim("w", now=5) == ("new1", "2", 3)


def test_many_expired_come_back_in_submit_order():
    q = JobQueue(lease_seconds=3)
    for i in range(50):
        q.submit(f"j{i:02d}", str(i), now=0)
    claimed = [q.claim("w", now=i // 20) for i in range(50)]   # leases end at 3, 4 or 5
    assert [c[0] for c in claimed] == [f"j{i:02d}" for i in range(50)]
    q.submit("late", "x", now=5)
    again = [q.claim("w", now=5) for _ in range(51)]
    assert [c[0] for c in again] == [f"j{i:02d}" for i in range(50)] + ["late"]
    assert [c[2] for c in again] == list(range(51, 102))


def test_heartbeat_at_last_live_second_extends():
    q = JobQueue(lease_seconds=4)
    q.submit("a", "p", now=0)
    q.claim("w", now=0)
    assert q.heartbeat("a", 1, now=3) is True      # live at 3, now until 6
    assert q.heartbeat("a", 1, now=6) is True      # live at 6, now until 9
    assert q.status("a", now=9) == "leased"
    assert q.status("a", now=10) == "pending"
    assert q.heartbeat("a", 1, now=10) is False


def test_heartbeat_wrong_token_or_unknown_job():
    q = JobQueue(lease_seconds=4)
    q.submit("a", "p", now=0)
    q.submit("b", "p", now=0)
    q.claim("w", now=0)
    q.claim("w", now=0)
    assert q.heartbeat("a", 2, now=1) is False
    assert q.heartbeat("zzz", 1, now=1) is False
    assert q.status("a", now=4) == "pending"      # the wrong-token heartbeat did not extend a


def test_heartbeat_on_done_or_pending_is_false():
    q = JobQueue(lease_seconds=4)
    q.submit("a", "p", now=0)
    assert q.heartbeat("a", 0, now=0) is False
    q.claim("w", now=0)
    q.complete("a", 1, "r", now=1)
    assert q.heartbeat("a", 1, now=1) is False


def test_late_completion_accepted_when_not_taken_over():
    q = JobQueue(lease_seconds=2)
    q.submit("a", "p", now=0)
    q.claim("w", now=0)
    assert q.status("a", now=100) == "pending"
    assert q.complete("a", 1, "late but fine", now=100) is True
    assert q.status("a", now=100) == "done"
    assert q.claim("w2", now=100) is None           # done jobs are not handed out


def test_result_recorded_once_across_takeovers():
    q = JobQueue(lease_seconds=2)
    q.submit("a", "p", now=0)
    q.claim("w1", now=0)                             # token 1, expires at 2
    q.claim("w2", now=2)                             # token 2, expires at 4
    q.claim("w3", now=4)                             # token 3
    assert q.complete("a", 1, "w1", now=5) is False
    assert q.complete("a", 2, "w2", now=5) is False
    assert q.complete("a", 3, "w3", now=5) is True
    assert q.complete("a", 3, "w3 again", now=5) is False
    assert q.result("a", now=5) == "w3"


def test_late_completion_of_waiting_job_removes_it_from_the_queue():
    q = JobQueue(lease_seconds=2)
    for j in "abc":
        q.submit(j, j.upper(), now=0)
    q.claim("w", now=0)                              # a, token 1
    q.claim("w", now=0)                              # b, token 2
    assert q.complete("a", 1, "r", now=3) is True    # a expired at 2, completed late
    assert q.claim("w", now=3) == ("b", "B", 3)
    assert q.claim("w", now=3) == ("c", "C", 4)
    assert q.claim("w", now=3) is None

import pytest

from scheduler import Scheduler


def test_example_from_statement():
    s = Scheduler([40, 40])
    s.submit(0, "a", memory=30, duration=100, priority=1, checkpoint=5)
    s.submit(0, "b", memory=30, duration=100, priority=1, checkpoint=2)
    s.submit(0, "c", memory=10, duration=100, priority=0, checkpoint=1)
    s.submit(10, "urgent", memory=25, duration=20, priority=9)
    assert s.status("b") == "queued"
    assert s.queue() == ["b"]
    assert s.placement("b") == [] and s.finish_time("b") is None
    assert s.placement("urgent") == [1]
    assert s.advance(30) == ["urgent"]
    ft = s.finish_time("b")
    assert type(ft) is int and ft == 122
    assert s.status("a") == "running" and s.status("c") == "running"


def test_jobs_without_checkpoint_are_never_preempted():
    s = Scheduler([10])
    s.submit(0, "plain", memory=10, duration=50)
    s.submit(1, "urgent", memory=10, duration=1, priority=9)
    assert s.status("plain") == "running"
    assert s.queue() == ["urgent"]


def test_equal_priority_is_not_preempted():
    s = Scheduler([10])
    s.submit(0, "a", memory=10, duration=50, priority=3, checkpoint=0)
    s.submit(1, "b", memory=10, duration=1, priority=3)
    assert s.status("a") == "running"
    assert s.status("b") == "queued"


def test_zero_checkpoint_keeps_progress():
    s = Scheduler([10])
    s.submit(0, "low", memory=10, duration=20, checkpoint=0)
    s.submit(5, "high", memory=10, duration=3, priority=1)
    assert s.finish_time("high") == 8
    s.advance(8)
    assert s.finish_time("low") == 23            # 15 left, no extra cost


def test_invalid_checkpoint():
    s = Scheduler([10])
    for bad in (-1, 1.5):
        with pytest.raises(ValueError):
            s.submit(0, "a", memory=1, duration=1, checkpoint=bad)

import pytest

from scheduler import Scheduler


def test_high_priority_head_blocks_lower_jobs_that_fit():
    s = Scheduler([10, 10])
    s.submit(0, "a", memory=6, duration=10)
    s.submit(0, "b", memory=6, duration=10)
    s.submit(1, "low", memory=2, duration=1)           # fits: starts now
    assert s.placement("low") == [0]
    s.submit(2, "vip", memory=8, duration=1, priority=1)
    s.submit(3, "low2", memory=1, duration=1)          # fits, but vip is ahead
    assert s.queue() == ["vip", "low2"]
    assert s.advance(10) == ["low", "a", "b"]
    assert s.placement("vip") == [0]
    assert s.placement("low2") == [0]


def test_negative_priorities_and_order():
    s = Scheduler([5])
    s.submit(0, "busy", memory=5, duration=100)
    s.submit(1, "n1", memory=5, duration=1, priority=-1)
    s.submit(2, "z", memory=5, duration=1)
    s.submit(3, "n2", memory=5, duration=1, priority=-1)
    s.submit(4, "n10", memory=5, duration=1, priority=-10)
    s.submit(5, "p1", memory=5, duration=1, priority=1)
    assert s.queue() == ["p1", "z", "n1", "n2", "n10"]
    assert s.advance(100) == ["busy"]
    assert s.status("p1") == "running"
    assert s.advance(1000) == ["p1", "z", "n1", "n2", "n10"]


def test_later_higher_priority_goes_first_when_memory_frees():
    s = Scheduler([10])
    s.submit(0, "a", memory=10, duration=5)
    s.submit(1, "first", memory=10, duration=5)
    s.submit(2, "second", memory=10, duration=5, priority=2)
    s.advance(5)
    assert s.status("second") == "running"
    assert s.finish_time("second") == 10
    assert s.status("first") == "queued"
    s.advance(10)
    assert s.finish_time("first") == 15


def test_huge_priorities():
    s = Scheduler([1])
    s.submit(0, "a", memory=1, duration=1)
    s.submit(0, "b", memory=1, duration=1, priority=-(10**18))
    s.submit(0, "c", memory=1, duration=1, priority=10**18)
    assert s.queue() == ["c", "b"]


@pytest.mark.parametrize("bad", [1.5, "1", None])
def test_invalid_priority(bad):
    s = Scheduler([10])
    with pytest.raises(ValueError):
        s.submit(0, "a", memory=1, duration=1, priority=bad)
    s.submit(0, "a", memory=1, duration=1, priority=1)
    assert s.status("a") == "running"

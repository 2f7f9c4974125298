"""Your own tests: run them with `python -m pytest tests`. They are never scored."""

from scheduler import Scheduler


def test_first_fit():
    s = Scheduler([16, 32])
    s.submit(0, "a", memory=16, duration=10)
    s.submit(0, "b", memory=20, duration=5)
    assert s.placement("a") == [0]
    assert s.placement("b") == [1]

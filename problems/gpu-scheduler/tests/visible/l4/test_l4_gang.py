import pytest

from scheduler import Scheduler


def test_example_from_statement():
    s = Scheduler([80, 80, 80, 80])
    s.submit(0, "small", memory=50, duration=10)
    s.submit(0, "gang", memory=40, duration=20, gpus=3)
    s.submit(1, "big", memory=60, duration=5, gpus=2)
    s.submit(2, "tiny", memory=10, duration=1)
    p = s.placement("gang")
    assert type(p) is list and p == [1, 2, 3]
    assert s.advance(10) == ["small"]
    assert s.queue() == ["big", "tiny"]
    assert s.advance(20) == ["gang"]
    assert s.placement("big") == [0, 1]
    assert s.placement("tiny") == [0]
    assert s.advance(30) == ["tiny", "big"]


def test_gang_uses_lowest_index_gpus_that_fit():
    s = Scheduler([40, 20, 40, 40])
    s.submit(0, "g", memory=30, duration=5, gpus=2)
    assert s.placement("g") == [0, 2]
    assert [s.free(i) for i in range(4)] == [10, 20, 10, 40]
    assert s.finish_time("g") == 5


def test_gang_that_can_never_fit_is_rejected():
    s = Scheduler([40, 20, 40])
    with pytest.raises(ValueError):
        s.submit(0, "g", memory=30, duration=5, gpus=3)
    with pytest.raises(ValueError):
        s.submit(0, "g", memory=1, duration=5, gpus=4)
    s.submit(0, "g", memory=20, duration=5, gpus=3)
    assert s.placement("g") == [0, 1, 2]

import pytest

from scheduler import Scheduler


def test_example_from_statement():
    s = Scheduler([16, 32])
    assert s.submit(0, "a", memory=16, duration=10) is None
    s.submit(0, "b", memory=20, duration=5)
    s.submit(1, "c", memory=16, duration=4)
    s.submit(2, "d", memory=4, duration=2)
    q = s.queue()
    assert type(q) is list and q == ["c", "d"]
    done = s.advance(5)
    assert type(done) is list and done == ["b"]
    assert s.placement("c") == [1]
    ft = s.finish_time("c")
    assert type(ft) is int and ft == 9
    assert s.placement("d") == [1] and s.finish_time("d") == 7
    f = s.free(1)
    assert type(f) is int and f == 12
    assert s.advance(10) == ["d", "c", "a"]
    st = s.status("a")
    assert type(st) is str and st == "done"
    assert s.placement("a") == [] and s.finish_time("a") == 10


def test_first_fit_picks_lowest_index():
    s = Scheduler([8, 16, 16])
    s.submit(0, "x", memory=10, duration=5)
    s.submit(0, "y", memory=6, duration=5)
    s.submit(0, "z", memory=10, duration=5)
    assert s.placement("x") == [1]
    assert s.placement("y") == [0]
    assert s.placement("z") == [2]
    assert [s.free(g) for g in range(3)] == [2, 6, 6]


def test_waiting_job_status():
    s = Scheduler([10])
    s.submit(0, "a", memory=10, duration=3)
    s.submit(0, "b", memory=1, duration=3)
    assert s.status("b") == "queued"
    assert s.placement("b") == []
    assert s.finish_time("b") is None
    assert s.status("a") == "running"


def test_invalid_submissions():
    s = Scheduler([10, 20])
    s.submit(5, "a", memory=20, duration=1)
    with pytest.raises(ValueError):
        s.submit(4, "b", memory=1, duration=1)        # time went backwards
    with pytest.raises(ValueError):
        s.submit(5, "a", memory=1, duration=1)        # id already used
    with pytest.raises(ValueError):
        s.submit(5, "c", memory=21, duration=1)       # larger than every GPU
    assert s.queue() == []

import random

import pytest

from scheduler import Scheduler


def test_simultaneous_completions_free_memory_together():
    s = Scheduler([10, 10])
    s.submit(0, "z", memory=10, duration=1)          # GPU 0 until 1
    s.submit(0, "x", memory=10, duration=10)         # GPU 1 until 10
    s.submit(2, "y", memory=10, duration=8)          # GPU 0 until 10
    s.submit(3, "c", memory=10, duration=1)          # waits
    assert s.placement("x") == [1] and s.placement("y") == [0]
    assert s.advance(10) == ["z", "x", "y"]
    assert s.placement("c") == [0]                   # both freed first, then lowest index


def test_advance_reports_jobs_finished_during_submit():
    s = Scheduler([10])
    s.submit(0, "a", memory=5, duration=2)
    s.submit(3, "b", memory=5, duration=2)           # a finished at 2 while catching up
    assert s.advance(3) == ["a"]
    assert s.advance(3) == []
    assert s.advance(100) == ["b"]
    assert s.advance(1000) == []


def test_same_time_finish_order_by_id():
    s = Scheduler([10, 10, 10])
    s.submit(0, "m", memory=1, duration=5)
    s.submit(0, "b", memory=1, duration=5)
    s.submit(1, "k", memory=1, duration=3)
    s.submit(2, "a", memory=1, duration=9)
    assert s.advance(20) == ["k", "b", "m", "a"]


def test_submit_at_completion_time_sees_freed_memory():
    s = Scheduler([10])
    s.submit(0, "a", memory=10, duration=5)
    s.submit(5, "b", memory=10, duration=5)
    assert s.status("a") == "done"
    assert s.status("b") == "running"
    assert s.finish_time("b") == 10


def test_job_started_by_completion_keeps_its_own_duration():
    s = Scheduler([10])
    s.submit(0, "a", memory=10, duration=5)
    s.submit(1, "b", memory=10, duration=7)
    s.advance(4)
    assert s.finish_time("b") is None
    s.advance(5)
    assert s.finish_time("b") == 12
    assert s.status("b") == "running"


def test_strict_fifo_head_blocks_smaller_jobs():
    s = Scheduler([10, 10])
    s.submit(0, "a", memory=8, duration=10)
    s.submit(0, "b", memory=8, duration=20)
    s.submit(1, "big", memory=10, duration=1)
    s.submit(1, "small", memory=1, duration=1)       # fits, but waits behind big
    assert s.queue() == ["big", "small"]
    assert s.free(0) == 2
    s.advance(10)
    assert s.placement("big") == [0]
    assert s.placement("small") == [1]
    assert s.queue() == []


def test_exact_fill_and_chained_dispatch():
    s = Scheduler([12])
    s.submit(0, "a", memory=12, duration=2)
    for i, m in enumerate([3, 4, 5, 1]):
        s.submit(1, f"q{i}", memory=m, duration=1 + i)
    assert s.advance(2) == ["a"]
    assert [s.status(f"q{i}") for i in range(4)] == ["running", "running", "running", "queued"]
    assert s.free(0) == 0
    assert s.advance(3) == ["q0"]
    assert s.placement("q3") == [0]


@pytest.mark.parametrize("kwargs", [dict(memory=0, duration=1), dict(memory=1, duration=0),
                                    dict(memory=-3, duration=1), dict(memory=1.5, duration=1),
                                    dict(memory=1, duration=2.0), dict(memory=11, duration=1)])
def test_invalid_job_changes_nothing(kwargs):
    s = Scheduler([10, 4])
    s.submit(0, "a", memory=10, duration=5)
    with pytest.raises(ValueError):
        s.submit(7, "b", **kwargs)
    assert s.status("a") == "running"                # time did not move to 7
    assert s.advance(7) == ["a"]
    s.submit(7, "b", memory=10, duration=1)          # the id is still free


def test_ids_cannot_be_reused_even_after_done():
    s = Scheduler([10])
    s.submit(0, "a", memory=1, duration=1)
    s.advance(5)
    with pytest.raises(ValueError):
        s.submit(5, "a", memory=1, duration=1)


def test_time_cannot_go_backwards():
    s = Scheduler([10])
    s.advance(10)
    with pytest.raises(ValueError):
        s.advance(9)
    with pytest.raises(ValueError):
        s.submit(9, "a", memory=1, duration=1)
    assert s.advance(10) == []


def test_invalid_cluster():
    for bad in ([], [0], [8, -1], [8, 2.5]):
        with pytest.raises(ValueError):
            Scheduler(bad)


def test_unknown_job_ids_raise_key_error():
    s = Scheduler([10])
    for query in (s.status, s.placement, s.finish_time):
        with pytest.raises(KeyError):
            query("nope")


def test_memory_equal_to_largest_gpu_is_fine():
    s = Scheduler([4, 64, 8])
    s.submit(0, "a", memory=64, duration=3)
    assert s.placement("a") == [1]


def test_huge_times():
    s = Scheduler([10])
    t = 10**12 - 10
    s.submit(t, "a", memory=5, duration=10)
    assert s.finish_time("a") == 10**12
    assert s.advance(10**12) == ["a"]


def test_results_are_copies():
    s = Scheduler([10])
    s.submit(0, "a", memory=10, duration=5)
    s.submit(0, "b", memory=10, duration=5)
    s.placement("a").append(99)
    s.queue().append("zzz")
    assert s.placement("a") == [0]
    assert s.queue() == ["b"]

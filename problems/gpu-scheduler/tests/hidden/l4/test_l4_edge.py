import pytest

from scheduler import Scheduler


def test_gang_waits_for_all_gpus_and_blocks_the_queue():
    s = Scheduler([10, 10, 10])
    s.submit(0, "a", memory=10, duration=5)
    s.submit(0, "b", memory=10, duration=9)
    s.submit(1, "gang", memory=10, duration=2, gpus=2)
    s.submit(2, "small", memory=5, duration=1)          # GPU 2 has room, but gang is first
    assert s.queue() == ["gang", "small"]
    assert s.advance(5) == ["a"]
    assert s.placement("gang") == [0, 2]
    assert s.status("small") == "queued"
    assert s.advance(7) == ["gang"]
    assert s.placement("small") == [0]


def test_gang_on_every_gpu():
    s = Scheduler([8, 8, 8])
    s.submit(0, "all", memory=8, duration=3, gpus=3)
    assert s.placement("all") == [0, 1, 2]
    assert [s.free(i) for i in range(3)] == [0, 0, 0]
    assert s.advance(3) == ["all"]
    assert [s.free(i) for i in range(3)] == [8, 8, 8]
    assert s.placement("all") == []


def test_gang_never_preempts():
    s = Scheduler([10, 10])
    s.submit(0, "v0", memory=10, duration=50, checkpoint=0)
    s.submit(0, "v1", memory=10, duration=50, checkpoint=0)
    s.submit(1, "g", memory=10, duration=1, priority=9, gpus=2)
    assert s.status("v0") == "running" and s.status("v1") == "running"
    assert s.queue() == ["g"]
    s.submit(2, "one", memory=10, duration=1, priority=8)   # behind g: no attempt either
    assert s.queue() == ["g", "one"]
    assert s.status("v0") == "running"


def test_gang_victim_stops_on_all_its_gpus():
    s = Scheduler([10, 10, 10])
    s.submit(0, "g", memory=6, duration=100, checkpoint=5, gpus=3)
    s.submit(0, "n", memory=4, duration=100)               # GPU 0
    s.submit(10, "J", memory=10, duration=5, priority=1)   # GPU 1: evict g (4 + 6)
    assert s.placement("J") == [1]
    assert s.status("g") == "queued"
    assert [s.free(i) for i in range(3)] == [6, 0, 10]
    s.advance(15)                                          # J done: g needs 3 GPUs with 6
    assert s.placement("g") == [0, 1, 2]
    assert s.finish_time("g") == 15 + (100 - 10 + 5)


def test_gang_victim_counts_once():
    s = Scheduler([10, 10, 10])
    s.submit(0, "g", memory=10, duration=100, checkpoint=2, gpus=2)   # GPUs 0 and 1
    s.submit(0, "s1", memory=5, duration=100, checkpoint=1)           # GPU 2
    s.submit(0, "s2", memory=5, duration=100, checkpoint=1)           # GPU 2
    s.submit(1, "J", memory=10, duration=5, priority=1)
    # GPU 0: g (cost 2, 1 victim), GPU 1: same, GPU 2: s1 + s2 (cost 2, 2 victims)
    assert s.placement("J") == [0]
    assert s.status("g") == "queued"
    assert s.status("s1") == "running" and s.status("s2") == "running"
    assert s.free(1) == 10


def test_gang_victim_with_cheaper_alternative_elsewhere():
    s = Scheduler([10, 10, 10])
    s.submit(0, "g", memory=10, duration=100, checkpoint=3, gpus=2)   # GPUs 0 and 1
    s.submit(0, "s1", memory=5, duration=100, checkpoint=1)           # GPU 2
    s.submit(0, "s2", memory=5, duration=100, checkpoint=1)           # GPU 2
    s.submit(1, "J", memory=10, duration=5, priority=1)
    assert s.placement("J") == [2]                                    # cost 2 < 3
    assert s.queue() == ["s1", "s2"]
    assert s.status("g") == "running"


def test_freed_gang_gpus_let_other_jobs_start():
    s = Scheduler([10, 10, 10])
    s.submit(0, "g", memory=8, duration=100, checkpoint=0, gpus=3)
    s.submit(1, "w", memory=5, duration=1)                 # waits: 2 free everywhere
    s.submit(2, "J", memory=10, duration=3, priority=1)    # evicts g from all three
    # g was submitted before w, so g is ahead of w again; g needs 3 GPUs with 8 free
    assert s.placement("J") == [0]
    assert s.queue() == ["g", "w"]
    assert s.advance(5) == ["J"]
    assert s.placement("g") == [0, 1, 2]
    assert s.finish_time("g") == 5 + 98


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2"])
def test_invalid_gang_size(bad):
    s = Scheduler([10, 10])
    with pytest.raises(ValueError):
        s.submit(0, "g", memory=1, duration=1, gpus=bad)
    s.submit(0, "g", memory=1, duration=1, gpus=2)
    assert s.placement("g") == [0, 1]


def test_gang_restarts_on_different_gpus():
    s = Scheduler([10, 10, 10, 10])
    s.submit(0, "g", memory=10, duration=20, checkpoint=1, gpus=2)    # GPUs 0, 1
    s.submit(0, "x", memory=10, duration=100)                         # GPU 2
    s.submit(5, "J", memory=10, duration=50, priority=3)              # GPU 3 is free: no preemption
    assert s.placement("J") == [3]
    s.submit(6, "K", memory=10, duration=50, priority=3)              # evicts g (GPU 0)
    assert s.placement("K") == [0]
    assert s.status("g") == "queued"
    s.advance(56)                                                     # J finishes at 55
    assert s.placement("g") == [1, 3]
    assert s.finish_time("g") == 55 + (20 - 6 + 1)

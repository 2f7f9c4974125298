from scheduler import Scheduler


def test_victims_lowest_priority_then_latest_start_then_latest_submission():
    s = Scheduler([40])
    s.submit(0, "old", memory=10, duration=100, checkpoint=1)
    s.submit(1, "b", memory=10, duration=100, checkpoint=1)
    s.submit(1, "c", memory=10, duration=100, checkpoint=1)
    s.submit(1, "neg", memory=10, duration=100, priority=-1, checkpoint=1)
    s.submit(2, "J", memory=25, duration=5, priority=5)
    # order: neg (priority -1), then c (start 1, later submission), then b; old stays
    assert s.status("old") == "running"
    assert s.status("b") == "queued" and s.status("c") == "queued" and s.status("neg") == "queued"
    assert s.queue() == ["b", "c", "neg"]
    assert s.free(0) == 40 - 10 - 25


def test_only_as_many_victims_as_needed():
    s = Scheduler([20])
    s.submit(0, "p1", memory=5, duration=100, checkpoint=0)
    s.submit(1, "p2", memory=5, duration=100, checkpoint=0)
    s.submit(1, "n", memory=5, duration=100)
    s.submit(2, "J", memory=10, duration=5, priority=1)
    assert s.status("p1") == "running"
    assert s.status("p2") == "queued"
    assert s.placement("J") == [0]
    assert s.free(0) == 0


def test_gpu_choice_cost_then_count_then_index():
    s = Scheduler([20, 20, 20, 20])
    s.submit(0, "x0", memory=20, duration=100, checkpoint=3)       # GPU 0: cost 3
    s.submit(0, "y1", memory=10, duration=100, checkpoint=1)       # GPU 1: 2 victims, cost 2
    s.submit(0, "y2", memory=10, duration=100, checkpoint=1)
    s.submit(0, "z", memory=20, duration=100, checkpoint=2)        # GPU 2: 1 victim, cost 2
    s.submit(0, "w", memory=20, duration=100, checkpoint=2)        # GPU 3: 1 victim, cost 2
    s.submit(1, "J", memory=20, duration=5, priority=1)
    assert s.placement("J") == [2]
    assert s.status("z") == "queued"
    assert s.status("w") == "running" and s.status("y1") == "running"


def test_cheaper_gpu_wins_even_with_more_victims():
    s = Scheduler([20, 20])
    s.submit(0, "big", memory=20, duration=100, checkpoint=5)
    s.submit(0, "s1", memory=10, duration=100, checkpoint=1)
    s.submit(0, "s2", memory=10, duration=100, checkpoint=1)
    s.submit(1, "J", memory=20, duration=5, priority=1)
    assert s.placement("J") == [1]
    assert s.queue() == ["s1", "s2"]
    assert s.status("big") == "running"


def test_not_at_head_means_no_preemption():
    s = Scheduler([10, 20])
    s.submit(0, "n0", memory=10, duration=100)                      # GPU 0, not preemptible
    s.submit(0, "n1", memory=12, duration=100)                      # GPU 1, not preemptible
    s.submit(0, "L", memory=8, duration=100, checkpoint=0)          # GPU 1
    s.submit(1, "W", memory=20, duration=1, priority=5)             # head, nothing eligible
    assert s.queue() == ["W"]
    s.submit(2, "J", memory=8, duration=1, priority=5)              # evicting L would do, but
    s.submit(2, "K", memory=8, duration=1, priority=3)              # neither is at the head
    assert s.status("L") == "running"
    assert s.queue() == ["W", "J", "K"]


def test_equal_priority_and_no_checkpoint_protect_running_jobs():
    s2 = Scheduler([10, 10])
    s2.submit(0, "p", memory=10, duration=100)                      # not preemptible
    s2.submit(0, "q", memory=10, duration=100, checkpoint=0)
    s2.submit(1, "w", memory=10, duration=100, priority=5)          # preempts q
    assert s2.status("q") == "queued"
    s2.submit(2, "x", memory=10, duration=1, priority=5)            # head: w is equal, p has none
    assert s2.status("x") == "queued"
    s2.submit(3, "y", memory=10, duration=1, priority=9)            # head: w has no checkpoint
    assert s2.queue() == ["y", "x", "q"]
    assert s2.status("w") == "running" and s2.status("p") == "running"


def test_waiting_job_behind_another_does_not_preempt():
    s = Scheduler([10, 10])
    s.submit(0, "hog", memory=10, duration=100)                     # GPU 0, not preemptible
    s.submit(0, "low", memory=10, duration=100, checkpoint=0)       # GPU 1
    s.submit(1, "big", memory=15 - 5, duration=1, priority=5)       # preempts low on GPU 1
    assert s.placement("big") == [1]
    s.advance(2)                                                    # big done, low back on GPU 1
    assert s.status("low") == "running"
    s.submit(3, "first", memory=10, duration=1, priority=4)         # head: preempts low again
    assert s.status("low") == "queued"
    s.submit(3, "second", memory=10, duration=1, priority=4)        # behind low? no: p4 > p0
    assert s.queue() == ["second", "low"]                           # head, nothing preemptible left
    s.submit(3, "third", memory=10, duration=1, priority=4)         # behind second: no attempt
    assert s.queue() == ["second", "third", "low"]


def test_waiting_jobs_never_retry_preemption():
    s = Scheduler([20])
    s.submit(0, "n", memory=10, duration=5)                         # not preemptible, ends 5
    s.submit(0, "p", memory=10, duration=100, checkpoint=0)
    s.submit(1, "J", memory=20, duration=1, priority=5)             # 0 + 10 < 20: waits
    assert s.status("J") == "queued" and s.status("p") == "running"
    s.advance(6)                                                    # now 10 + 10 would do
    assert s.status("J") == "queued" and s.status("p") == "running"
    s.advance(100)
    assert s.status("J") == "running" and s.finish_time("J") == 101


def test_nothing_happens_when_no_gpu_is_eligible():
    s = Scheduler([10, 10])
    s.submit(0, "a", memory=6, duration=100, checkpoint=0)
    s.submit(0, "n1", memory=4, duration=100)
    s.submit(0, "b", memory=6, duration=100, checkpoint=0)
    s.submit(0, "n2", memory=4, duration=100)
    s.submit(1, "J", memory=7, duration=1, priority=1)
    assert s.status("a") == "running" and s.status("b") == "running"
    assert s.queue() == ["J"]
    assert [s.free(0), s.free(1)] == [0, 0]


def test_repeated_preemption_accumulates():
    s = Scheduler([10])
    s.submit(0, "L", memory=10, duration=100, checkpoint=4)
    s.submit(10, "H1", memory=10, duration=5, priority=5)           # L: 100 - 10 + 4 = 94
    assert s.advance(15) == ["H1"]
    assert s.finish_time("L") == 109
    s.submit(20, "H2", memory=10, duration=1, priority=5)           # L: 94 - 5 + 4 = 93
    s.advance(21)
    assert s.finish_time("L") == 114
    assert s.advance(114) == ["L"]


def test_preempted_the_instant_it_started():
    s = Scheduler([10])
    s.submit(5, "V", memory=10, duration=10, checkpoint=3)
    s.submit(5, "J", memory=10, duration=2, priority=1)
    s.advance(7)
    assert s.finish_time("V") == 7 + 13


def test_victim_restarts_at_once_elsewhere():
    s = Scheduler([10, 10])
    s.submit(0, "V", memory=5, duration=50, checkpoint=2)           # GPU 0
    s.submit(0, "A", memory=2, duration=50)                         # GPU 0, 3 left
    s.submit(0, "B", memory=4, duration=50)                         # GPU 1, 6 left
    s.submit(10, "J", memory=8, duration=5, priority=1)             # evicts V on GPU 0
    assert s.placement("J") == [0]
    assert s.placement("V") == [1]                                  # restarted right away
    assert s.finish_time("V") == 10 + (50 - 10 + 2)


def test_victim_keeps_its_place_ahead_of_later_equal_priority_jobs():
    s = Scheduler([10])
    s.submit(0, "V", memory=10, duration=50, checkpoint=0)
    s.submit(1, "Q", memory=10, duration=1)
    s.submit(2, "J", memory=10, duration=1, priority=5)
    assert s.queue() == ["V", "Q"]
    s.advance(3)
    assert s.status("V") == "running" and s.finish_time("V") == 3 + 48


def test_lower_priority_submission_never_preempts():
    s = Scheduler([10])
    s.submit(0, "V", memory=10, duration=50, priority=5, checkpoint=0)
    s.submit(1, "J", memory=10, duration=1, priority=2)
    assert s.status("V") == "running"

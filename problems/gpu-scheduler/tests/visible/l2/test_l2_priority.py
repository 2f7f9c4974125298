from scheduler import Scheduler


def test_example_from_statement():
    s = Scheduler([40])
    s.submit(0, "train", memory=40, duration=10)
    s.submit(1, "eval", memory=10, duration=2)
    s.submit(2, "sweep", memory=30, duration=5, priority=-1)
    s.submit(3, "hotfix", memory=35, duration=4, priority=5)
    assert s.queue() == ["hotfix", "eval", "sweep"]
    assert s.advance(10) == ["train"]
    assert s.queue() == ["eval", "sweep"]
    assert s.advance(14) == ["hotfix"]
    assert s.placement("sweep") == [0]
    ft = s.finish_time("sweep")
    assert type(ft) is int and ft == 19


def test_equal_priority_keeps_submission_order():
    s = Scheduler([10])
    s.submit(0, "run", memory=10, duration=5)
    for name in ["p", "q", "r"]:
        s.submit(1, name, memory=10, duration=1, priority=3)
    s.submit(2, "low", memory=10, duration=1)
    assert s.queue() == ["p", "q", "r", "low"]


def test_running_job_is_not_interrupted():
    s = Scheduler([10])
    s.submit(0, "low", memory=10, duration=50, priority=-5)
    s.submit(1, "high", memory=10, duration=1, priority=100)
    assert s.status("low") == "running"
    assert s.queue() == ["high"]
    assert s.advance(50) == ["low"]
    assert s.status("high") == "running"

import sys
import threading

import pytest

from limiter import RateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 0

    def __call__(self) -> int:
        return self.now


def hammer(n_threads, work):
    """Run work(i) in n_threads threads started together; return their results."""
    barrier = threading.Barrier(n_threads)
    results = [None] * n_threads
    errors = []

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except BaseException as exc:  # re-raised in the test's thread
            errors.append(exc)

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(n_threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)
    if errors:
        raise errors[0]
    return results


def test_example_from_statement():
    clock = FakeClock()
    lim = RateLimiter(rpm=10, tpm=1000, clock=clock)
    rid = lim.begin("alice", 800)
    assert type(rid) is int and rid == 1
    assert lim.begin("alice", 300) is None
    assert lim.finish(rid, 500) is None
    rid2 = lim.begin("alice", 300)
    assert type(rid2) is int and rid2 == 2
    lim.finish(2, 900)
    assert lim.allow("alice") is False
    clock.now = 24_000
    assert lim.allow("alice") is True
    with pytest.raises(KeyError):
        lim.finish(2, 900)


def test_example_threads_exact_total():
    clock = FakeClock()
    lim = RateLimiter(rpm=300, clock=clock)
    sums = hammer(8, lambda i: sum(lim.allow("u") for _ in range(100)))
    assert all(type(s) is int for s in sums)
    assert sum(sums) == 300


def test_denied_begin_returns_none_and_uses_no_id():
    clock = FakeClock()
    lim = RateLimiter(rpm=1, clock=clock)
    assert lim.begin("a", 0) == 1
    assert lim.begin("a", 0) is None
    assert lim.allow("b") is True
    assert lim.begin("c", 5) == 2

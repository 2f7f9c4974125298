import sys
import threading

import pytest

from limiter import RateLimiter


class FakeClock:
    """Stands still until the test moves it; counts its reads."""

    def __init__(self) -> None:
        self.now = 0
        self.reads = 0
        self._lock = threading.Lock()

    def __call__(self) -> int:
        with self._lock:
            self.reads += 1
            return self.now


class TickClock:
    """Moves forward by 1 ms on every read; safe to call from many threads."""

    def __init__(self) -> None:
        self.now = 0
        self._lock = threading.Lock()

    def __call__(self) -> int:
        with self._lock:
            self.now += 1
            return self.now


def hammer(n_threads, work):
    barrier = threading.Barrier(n_threads)
    results = [None] * n_threads
    errors = []

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except BaseException as exc:
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


# ----------------------------------------------------------------- begin/finish
def test_refund_is_capped_at_capacity():
    clock = FakeClock()
    lim = RateLimiter(rpm=100, tpm=100, clock=clock)
    rid = lim.begin("u", 10)
    assert lim.allow("u", 90) is True
    clock.now = 60_000                            # refilled to 100
    lim.finish(rid, 0)                            # +10, but capped at 100
    assert lim.allow("u", 100) is True
    assert lim.allow("u", 1) is False


def test_charge_can_make_global_negative():
    clock = FakeClock()
    lim = RateLimiter(rpm=100, clock=clock)
    lim.add_tier("vip", rpm=100, priority="high")
    lim.assign("v", "vip")
    lim.set_capacity(600)
    rid = lim.begin("v", 100)
    lim.finish(rid, 1300)                         # 600 - 1300 = -700
    assert lim.allow("v", 0) is False
    clock.now = 69_999                            # +699.99
    assert lim.allow("v", 0) is False
    clock.now = 70_000
    assert lim.allow("v", 0) is True              # level exactly 0
    assert lim.allow("w", 0) is True              # low priority, reserve 0: needs 0 + 0
    assert lim.allow("w", 1) is False


def test_ids_are_sequential_and_ignore_allow_and_denials():
    clock = FakeClock()
    lim = RateLimiter(rpm=2, clock=clock)
    assert lim.begin("a", 0) == 1
    assert lim.allow("a") is True
    assert lim.begin("a", 0) is None
    assert lim.begin("b", 0) == 2
    with pytest.raises(ValueError):
        lim.begin("c", -1)
    assert lim.begin("c", 0) == 3


def test_begin_denied_by_tokens_takes_no_request():
    clock = FakeClock()
    lim = RateLimiter(rpm=1, tpm=100, clock=clock)
    assert lim.begin("u", 101) is None
    assert lim.begin("u", 100) == 1
    lim2 = RateLimiter(rpm=1, clock=clock)
    lim2.set_capacity(50)
    assert lim2.begin("v", 51) is None
    assert lim2.begin("v", 50) == 1


def test_finish_errors_change_nothing():
    clock = FakeClock()
    lim = RateLimiter(rpm=10, tpm=100, clock=clock)
    rid = lim.begin("u", 60)
    with pytest.raises(KeyError):
        lim.finish(999, 0)
    with pytest.raises(ValueError):
        lim.finish(rid, -1)
    lim.finish(rid, 0)                            # still open: refund 60
    with pytest.raises(KeyError):
        lim.finish(rid, 0)
    assert lim.allow("u", 100) is True


def test_finish_with_actual_equal_estimate_changes_nothing():
    clock = FakeClock()
    lim = RateLimiter(rpm=10, tpm=100, clock=clock)
    rid = lim.begin("u", 40)
    lim.finish(rid, 40)
    assert lim.allow("u", 61) is False
    assert lim.allow("u", 60) is True


def test_finish_applies_to_current_buckets_after_reassign():
    clock = FakeClock()
    lim = RateLimiter(rpm=10, tpm=100, clock=clock)
    lim.add_tier("big", rpm=10, tpm=1000)
    rid = lim.begin("u", 100)
    lim.assign("u", "big")                        # fresh: 1000 tokens
    lim.finish(rid, 300)                          # charge 200 -> 800
    assert lim.allow("u", 801) is False
    assert lim.allow("u", 800) is True


def test_finish_for_tier_without_tpm_touches_only_global():
    clock = FakeClock()
    lim = RateLimiter(rpm=10, clock=clock)
    lim.set_capacity(1000)
    rid = lim.begin("u", 500)                     # global 500
    lim.finish(rid, 100)                          # refund 400 -> 900
    assert lim.allow("x", 901) is False
    assert lim.allow("x", 900) is True


def test_finish_after_capacity_replaced_uses_new_bucket():
    clock = FakeClock()
    lim = RateLimiter(rpm=10, clock=clock)
    lim.set_capacity(1000)
    rid = lim.begin("u", 500)
    lim.set_capacity(300)                         # new full bucket: 300
    lim.finish(rid, 600)                          # charge 100 -> 200
    assert lim.allow("x", 201) is False
    assert lim.allow("x", 200) is True
    lim.set_capacity(None)
    rid = lim.begin("y", 5)
    lim.finish(rid, 10**6)                        # no global bucket: nothing to charge
    assert lim.allow("z", 10**6) is True


def test_refill_happens_before_refund():
    clock = FakeClock()
    lim = RateLimiter(rpm=100, tpm=600, clock=clock)
    rid = lim.begin("u", 600)                     # 0 left
    clock.now = 30_000                            # refill +300 -> 300
    lim.finish(rid, 0)                            # +600 -> 900, capped at 600
    assert lim.allow("u", 601) is False
    assert lim.allow("u", 600) is True


def test_clock_read_exactly_once_per_call():
    clock = FakeClock()
    lim = RateLimiter(rpm=5, tpm=100, clock=clock)
    lim.set_capacity(1000, reserved=10)
    clock.reads = 0                               # count only allow / begin / finish
    calls = 0
    for i in range(20):
        lim.allow(f"u{i % 3}", 7)
        calls += 1
        rid = lim.begin(f"u{i % 4}", 3)
        calls += 1
        if rid is not None:
            lim.finish(rid, 5)
            calls += 1
        clock.now += 1000
    assert clock.reads == calls


# ----------------------------------------------------------------- threads
@pytest.mark.parametrize("round_", range(4))
def test_threads_token_limit_exact(round_):
    clock = FakeClock()
    lim = RateLimiter(rpm=10**6, tpm=1400, clock=clock)
    sums = hammer(8, lambda i: sum(lim.allow("u", 7) for _ in range(100)))
    assert sum(sums) == 200
    assert lim.allow("u", 0) is True
    assert lim.allow("u", 1) is False


@pytest.mark.parametrize("round_", range(3))
def test_threads_many_new_users_at_once(round_):
    clock = FakeClock()
    lim = RateLimiter(rpm=2, clock=clock)
    users = [f"user-{round_}-{i}" for i in range(1000)]

    def work(i):
        mine = users[i * 125:] + users[:i * 125]
        return [(u, lim.allow(u)) for u in mine] + [(u, lim.allow(u)) for u in reversed(mine)]

    results = hammer(8, work)
    per_user: dict[str, int] = {}
    for chunk in results:
        for u, ok in chunk:
            assert type(ok) is bool
            per_user[u] = per_user.get(u, 0) + ok
    assert all(per_user[u] == 2 for u in users)


@pytest.mark.parametrize("round_", range(4))
def test_threads_ticking_clock_single_user(round_):
    clock = TickClock()
    lim = RateLimiter(rpm=120, clock=clock)       # one request per 500 ms
    per_thread = 500
    sums = hammer(8, lambda i: sum(lim.allow("u") for _ in range(per_thread)))
    n = 8 * per_thread
    assert clock.now == n                         # the clock was read once per call
    # model: calls at t = 1..n, bucket created full (600) at t = 1, units of 1/60000
    level, last, admitted = 120 * 60_000, 1, 0
    for t in range(1, n + 1):
        level = min(120 * 60_000, level + (t - last) * 120)
        last = t
        if level >= 60_000:
            level -= 60_000
            admitted += 1
    assert sum(sums) == admitted


def test_threads_begin_finish_exact_totals():
    clock = FakeClock()
    lim = RateLimiter(rpm=10**6, tpm=10_000, clock=clock)
    got = hammer(8, lambda i: [lim.begin("u", 50) for _ in range(100)])
    ids = [rid for chunk in got for rid in chunk if rid is not None]
    assert all(type(rid) is int for rid in ids)
    assert sorted(ids) == list(range(1, 201))
    mine = [[rid for rid in chunk if rid is not None] for chunk in got]
    hammer(8, lambda i: [lim.finish(rid, 25) for rid in mine[i]])   # refunds 200 * 25
    got = hammer(8, lambda i: [lim.begin("u", 50) for _ in range(100)])
    ids = [rid for chunk in got for rid in chunk if rid is not None]
    assert sorted(ids) == list(range(201, 301))


def test_threads_global_reserve_exact():
    clock = FakeClock()
    lim = RateLimiter(rpm=100, clock=clock)
    lim.add_tier("vip", rpm=100, priority="high")
    lim.set_capacity(1000, reserved=200)
    for i in range(8):
        lim.assign(f"vip{i}", "vip")
    low = hammer(8, lambda i: sum(lim.allow(f"low{i}-{j % 5}", 10) for j in range(100)))
    assert sum(low) == 80
    high = hammer(8, lambda i: sum(lim.allow(f"vip{i}", 10) for _ in range(10)))
    assert sum(high) == 20

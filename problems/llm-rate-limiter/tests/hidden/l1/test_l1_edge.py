import random
from fractions import Fraction

import pytest

from limiter import RateLimiter


class FakeClock:
    def __init__(self, start: int = 0) -> None:
        self.now = start

    def __call__(self) -> int:
        return self.now


def _allow(lim, user):
    r = lim.allow(user)
    assert type(r) is bool
    return r


@pytest.mark.parametrize("bad", [0, -5, 1.5, None, "10"])
def test_invalid_rpm_values(bad):
    with pytest.raises(ValueError):
        RateLimiter(rpm=bad, clock=FakeClock())


@pytest.mark.parametrize("rpm", [3, 7, 11, 13, 17, 30, 49])
def test_no_float_drift_when_polled_every_millisecond(rpm):
    # Drain the bucket, then ask every millisecond. Each of the 3 refills must
    # happen exactly when 60000/rpm ms have accumulated.
    clock = FakeClock()
    lim = RateLimiter(rpm=rpm, clock=clock)
    for _ in range(rpm):
        assert _allow(lim, "u") is True
    allowed_at = []
    for t in range(1, 3 * 60_000 // rpm + 2):
        clock.now = t
        if _allow(lim, "u"):
            allowed_at.append(t)
    expected = [-(-k * 60_000 // rpm) for k in (1, 2, 3)]   # ceil(k * 60000 / rpm)
    assert allowed_at == expected[: len(allowed_at)] and len(allowed_at) == 3


def test_bucket_is_created_full_when_first_seen_late():
    clock = FakeClock(start=10**12 - 5)
    lim = RateLimiter(rpm=3, clock=clock)
    assert [_allow(lim, "late") for _ in range(4)] == [True, True, True, False]
    clock.now = 10**12 - 5 + 20_000
    assert _allow(lim, "late") is True
    assert _allow(lim, "late") is False


def test_refill_is_capped_at_rpm():
    clock = FakeClock()
    lim = RateLimiter(rpm=5, clock=clock)
    assert _allow(lim, "u") is True
    clock.now = 10**9
    assert [_allow(lim, "u") for _ in range(6)] == [True] * 5 + [False]


def test_denied_requests_take_nothing():
    clock = FakeClock()
    lim = RateLimiter(rpm=60, clock=clock)       # one per second
    for _ in range(60):
        assert _allow(lim, "u")
    for t in range(0, 1000, 10):
        clock.now = t
        assert _allow(lim, "u") is False
    clock.now = 1000
    assert _allow(lim, "u") is True


def test_partial_refill_accumulates_across_calls():
    clock = FakeClock()
    lim = RateLimiter(rpm=2, clock=clock)
    assert _allow(lim, "u") and _allow(lim, "u")
    clock.now = 10_000
    assert _allow(lim, "u") is False
    clock.now = 20_000
    assert _allow(lim, "u") is False
    clock.now = 30_000
    assert _allow(lim, "u") is True


def test_odd_user_names():
    clock = FakeClock()
    lim = RateLimiter(rpm=1, clock=clock)
    for u in ["", " ", "ünïcode", "a" * 1000, "None"]:
        assert _allow(lim, u) is True
        assert _allow(lim, u) is False


def test_limiters_are_independent():
    clock = FakeClock()
    a = RateLimiter(rpm=1, clock=clock)
    b = RateLimiter(rpm=1, clock=clock)
    assert _allow(a, "u") is True
    assert _allow(b, "u") is True
    assert _allow(a, "u") is False


def test_default_clock_works():
    lim = RateLimiter(rpm=5)
    results = [lim.allow("u") for _ in range(6)]
    assert all(type(r) is bool for r in results)
    assert results == [True] * 5 + [False]


def test_random_against_exact_model():
    rng = random.Random(8)
    clock = FakeClock()
    rpm = 13
    lim = RateLimiter(rpm=rpm, clock=clock)
    level: dict[str, Fraction] = {}
    last: dict[str, int] = {}
    for _ in range(1500):
        clock.now += rng.choice([0, 0, 1, 7, 100, 997, 4615, 20_000])
        u = rng.choice("abc")
        if u not in level:
            level[u], last[u] = Fraction(rpm), clock.now
        level[u] = min(Fraction(rpm), level[u] + Fraction((clock.now - last[u]) * rpm, 60_000))
        last[u] = clock.now
        expected = level[u] >= 1
        if expected:
            level[u] -= 1
        assert _allow(lim, u) is expected

import random
from fractions import Fraction

import pytest

from limiter import RateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 0

    def __call__(self) -> int:
        return self.now


def _allow(lim, user, *args):
    r = lim.allow(user, *args)
    assert type(r) is bool
    return r


def test_assign_resets_used_buckets():
    clock = FakeClock()
    lim = RateLimiter(rpm=2, tpm=100, clock=clock)
    assert _allow(lim, "u", 100) and _allow(lim, "u", 0)
    assert _allow(lim, "u", 0) is False
    lim.assign("u", "default")                  # same tier: still a reset
    assert _allow(lim, "u", 100) is True
    lim.add_tier("big", rpm=3, tpm=1000)
    lim.assign("u", "big")
    assert [_allow(lim, "u", 300) for _ in range(4)] == [True, True, True, False]


def test_assign_before_first_request_and_after():
    clock = FakeClock()
    lim = RateLimiter(rpm=1, clock=clock)
    lim.add_tier("five", rpm=5)
    lim.assign("early", "five")
    assert sum(_allow(lim, "early") for _ in range(10)) == 5
    assert _allow(lim, "late") is True
    lim.assign("late", "five")
    assert sum(_allow(lim, "late") for _ in range(10)) == 5


def test_tier_without_tpm_has_no_token_limit_but_global_applies():
    clock = FakeClock()
    lim = RateLimiter(rpm=10, tpm=5, clock=clock)
    lim.add_tier("unl", rpm=10, priority="high")
    lim.assign("u", "unl")
    assert _allow(lim, "u", 10**6) is True
    lim.set_capacity(100)
    assert _allow(lim, "u", 101) is False
    assert _allow(lim, "u", 100) is True
    assert _allow(lim, "u", 0) is True
    assert _allow(lim, "u", 1) is False


def test_low_priority_stops_exactly_at_reserve():
    clock = FakeClock()
    lim = RateLimiter(rpm=1000, clock=clock)
    lim.add_tier("vip", rpm=1000, priority="high")
    lim.assign("v", "vip")
    lim.set_capacity(100, reserved=30)
    assert _allow(lim, "l", 70) is True          # leaves exactly 30
    assert _allow(lim, "l", 0) is True           # 0 + 30 <= 30
    assert _allow(lim, "l", 1) is False
    assert _allow(lim, "v", 30) is True
    assert _allow(lim, "l", 0) is False          # 0 + 30 > 0
    assert _allow(lim, "v", 0) is True


def test_reserve_equal_to_capacity_blocks_low_priority():
    clock = FakeClock()
    lim = RateLimiter(rpm=100, clock=clock)
    lim.add_tier("vip", rpm=100, priority="high")
    lim.assign("v", "vip")
    lim.set_capacity(50, reserved=50)
    assert _allow(lim, "l", 0) is True           # 0 + 50 <= 50
    assert _allow(lim, "l", 1) is False
    assert _allow(lim, "v", 50) is True


def test_denied_by_global_takes_nothing_from_user():
    clock = FakeClock()
    lim = RateLimiter(rpm=1, tpm=100, clock=clock)
    lim.set_capacity(10)
    assert _allow(lim, "u", 11) is False
    assert _allow(lim, "u", 10) is True          # the request and tokens were still there


def test_denied_by_user_takes_nothing_from_global():
    clock = FakeClock()
    lim = RateLimiter(rpm=1, tpm=100, clock=clock)
    lim.set_capacity(20)
    assert _allow(lim, "a", 5) is True
    assert _allow(lim, "a", 5) is False           # no request left
    assert _allow(lim, "b", 15) is True           # global still had 15


def test_global_refill_exact_and_capped():
    clock = FakeClock()
    lim = RateLimiter(rpm=10**6, clock=clock)
    lim.set_capacity(7)
    assert _allow(lim, "a", 7) is True
    clock.now = 8571
    assert _allow(lim, "b", 1) is False
    clock.now = 8572
    assert _allow(lim, "c", 1) is True
    clock.now = 10**9
    assert _allow(lim, "d", 8) is False
    assert _allow(lim, "d", 7) is True


def test_set_capacity_again_gives_a_full_new_bucket():
    clock = FakeClock()
    lim = RateLimiter(rpm=100, clock=clock)
    lim.set_capacity(10)
    assert _allow(lim, "a", 10) is True
    lim.set_capacity(10)
    assert _allow(lim, "a", 10) is True
    lim.set_capacity(20, reserved=5)
    assert _allow(lim, "a", 16) is False
    assert _allow(lim, "a", 15) is True


@pytest.mark.parametrize("args", [(0,), (-1,), (10, 11), (10, -1), (1.5,), (10, 2.5)])
def test_invalid_capacity(args):
    lim = RateLimiter(rpm=10, clock=FakeClock())
    with pytest.raises(ValueError):
        lim.set_capacity(*args)


def test_failed_set_capacity_keeps_old_bucket():
    clock = FakeClock()
    lim = RateLimiter(rpm=100, clock=clock)
    lim.set_capacity(10)
    assert _allow(lim, "a", 6) is True
    with pytest.raises(ValueError):
        lim.set_capacity(5, reserved=6)
    assert _allow(lim, "a", 5) is False
    assert _allow(lim, "a", 4) is True


@pytest.mark.parametrize("kwargs", [dict(rpm=0), dict(rpm=5, tpm=0), dict(rpm=5, priority="urgent"),
                                    dict(rpm=5, priority="HIGH")])
def test_invalid_tier(kwargs):
    lim = RateLimiter(rpm=10, clock=FakeClock())
    with pytest.raises(ValueError):
        lim.add_tier("t", **kwargs)
    lim.add_tier("t", rpm=1)                     # the failed call did not create it


def test_high_priority_tier_still_has_its_own_limits():
    clock = FakeClock()
    lim = RateLimiter(rpm=100, clock=clock)
    lim.add_tier("vip", rpm=2, tpm=50, priority="high")
    lim.assign("v", "vip")
    lim.set_capacity(1000, reserved=900)
    assert _allow(lim, "v", 50) is True
    assert _allow(lim, "v", 1) is False
    clock.now = 60_000
    assert _allow(lim, "v", 0) is True
    assert _allow(lim, "v", 0) is True
    assert _allow(lim, "v", 0) is False


def test_random_against_exact_model():
    rng = random.Random(3)
    clock = FakeClock()
    lim = RateLimiter(rpm=5, tpm=300, clock=clock)
    tiers = {"default": (5, 300, False), "hi": (9, None, True), "lo": (2, 1000, False)}
    lim.add_tier("hi", rpm=9, priority="high")
    lim.add_tier("lo", rpm=2, tpm=1000)
    G, R = 900, 200
    lim.set_capacity(G, reserved=R)
    glevel, glast = Fraction(G), 0
    tier_of: dict[str, str] = {}
    state: dict[str, list] = {}
    for _ in range(1500):
        clock.now += rng.choice([0, 1, 20, 333, 2000, 7000])
        u = rng.choice("abcd")
        if rng.random() < 0.03:
            t = rng.choice(sorted(tiers))
            lim.assign(u, t)
            tier_of[u] = t
            state.pop(u, None)
            continue
        rpm, tpm, high = tiers[tier_of.get(u, "default")]
        tokens = rng.choice([0, 5, 60, 150, 300, 600])
        if u not in state:
            state[u] = [Fraction(rpm), Fraction(tpm or 0), clock.now]
        r, t, last = state[u]
        d = clock.now - last
        r = min(Fraction(rpm), r + Fraction(d * rpm, 60_000))
        if tpm is not None:
            t = min(Fraction(tpm), t + Fraction(d * tpm, 60_000))
        glevel = min(Fraction(G), glevel + Fraction((clock.now - glast) * G, 60_000))
        glast = clock.now
        ok = r >= 1 and (tpm is None or t >= tokens) and glevel >= tokens + (0 if high else R)
        if ok:
            r -= 1
            t -= tokens if tpm is not None else 0
            glevel -= tokens
        state[u] = [r, t, clock.now]
        assert _allow(lim, u, tokens) is ok


@pytest.mark.parametrize("capacity", [4, 12, 40])
def test_no_float_drift_in_global_bucket(capacity):
    clock = FakeClock()
    lim = RateLimiter(rpm=10**6, clock=clock)
    lim.set_capacity(capacity)
    assert _allow(lim, "a", capacity) is True
    allowed_at = []
    for t in range(1, 3 * 60_000 // capacity + 2):
        clock.now = t
        if _allow(lim, f"u{t % 7}", 1):
            allowed_at.append(t)
    assert allowed_at == [-(-k * 60_000 // capacity) for k in (1, 2, 3)]

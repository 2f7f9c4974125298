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


@pytest.mark.parametrize("bad", [0, -1, 2.5, "100"])
def test_invalid_tpm(bad):
    with pytest.raises(ValueError):
        RateLimiter(rpm=5, tpm=bad, clock=FakeClock())


@pytest.mark.parametrize("bad", [-1, 1.5, "3", None])
def test_invalid_tokens_change_nothing(bad):
    lim = RateLimiter(rpm=1, tpm=10, clock=FakeClock())
    with pytest.raises(ValueError):
        lim.allow("u", bad)
    assert _allow(lim, "u", 10) is True


def test_denied_by_requests_does_not_take_tokens():
    clock = FakeClock()
    lim = RateLimiter(rpm=1, tpm=100, clock=clock)
    assert _allow(lim, "u", 1) is True
    for _ in range(10):
        assert _allow(lim, "u", 50) is False
    clock.now = 60_000
    assert _allow(lim, "u", 100) is True      # tokens were full again (99 + refill, capped)


def test_exactly_tpm_allowed_and_more_never():
    clock = FakeClock()
    lim = RateLimiter(rpm=100, tpm=500, clock=clock)
    assert _allow(lim, "u", 501) is False
    assert _allow(lim, "u", 500) is True
    clock.now = 10**9
    assert _allow(lim, "u", 501) is False
    assert _allow(lim, "u", 500) is True


def test_token_refill_exact_boundary():
    clock = FakeClock()
    lim = RateLimiter(rpm=1000, tpm=7, clock=clock)
    assert _allow(lim, "u", 7) is True
    clock.now = 8571
    assert _allow(lim, "u", 1) is False
    clock.now = 8572
    assert _allow(lim, "u", 1) is True
    clock.now = 25_714                        # 4 + 17142 * 7 = 119998 units < 2 tokens
    assert _allow(lim, "u", 2) is False
    clock.now = 25_715                        # 120005 units
    assert _allow(lim, "u", 2) is True
    assert _allow(lim, "u", 0) is True


def test_zero_token_requests_ignore_empty_token_bucket():
    clock = FakeClock()
    lim = RateLimiter(rpm=3, tpm=1, clock=clock)
    assert _allow(lim, "u", 1) is True
    assert _allow(lim, "u", 0) is True
    assert _allow(lim, "u", 0) is True
    assert _allow(lim, "u", 0) is False


def test_random_against_exact_model():
    rng = random.Random(21)
    clock = FakeClock()
    rpm, tpm = 7, 1_234
    lim = RateLimiter(rpm=rpm, tpm=tpm, clock=clock)
    state: dict[str, list] = {}
    for _ in range(1500):
        clock.now += rng.choice([0, 0, 1, 13, 500, 4000, 9000])
        u = rng.choice("ab")
        tokens = rng.choice([0, 1, 50, 200, 400, 1234, 1235])
        if u not in state:
            state[u] = [Fraction(rpm), Fraction(tpm), clock.now]
        r, t, last = state[u]
        d = clock.now - last
        r = min(Fraction(rpm), r + Fraction(d * rpm, 60_000))
        t = min(Fraction(tpm), t + Fraction(d * tpm, 60_000))
        ok = r >= 1 and t >= tokens
        if ok:
            r, t = r - 1, t - tokens
        state[u] = [r, t, clock.now]
        assert _allow(lim, u, tokens) is ok


@pytest.mark.parametrize("tpm", [3, 8, 24, 250])
def test_no_float_drift_in_token_bucket(tpm):
    clock = FakeClock()
    lim = RateLimiter(rpm=10**6, tpm=tpm, clock=clock)
    assert _allow(lim, "u", tpm) is True
    allowed_at = []
    for t in range(1, 3 * 60_000 // tpm + 2):
        clock.now = t
        if _allow(lim, "u", 1):
            allowed_at.append(t)
    assert allowed_at == [-(-k * 60_000 // tpm) for k in (1, 2, 3)]

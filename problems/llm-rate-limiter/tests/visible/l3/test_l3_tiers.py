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


def test_example_from_statement():
    clock = FakeClock()
    lim = RateLimiter(rpm=100, tpm=10_000, clock=clock)
    assert lim.add_tier("enterprise", rpm=1000, tpm=100_000, priority="high") is None
    lim.add_tier("free", rpm=1)
    assert lim.assign("acme", "enterprise") is None
    lim.assign("bob", "free")
    assert lim.set_capacity(5_000, reserved=1_000) is None
    assert _allow(lim, "bob", 10) is True
    assert _allow(lim, "bob", 10) is False
    assert _allow(lim, "carol", 3_990) is True
    assert _allow(lim, "carol", 1) is False
    assert _allow(lim, "acme", 1_000) is True
    assert _allow(lim, "acme", 1) is False
    clock.now = 60
    assert _allow(lim, "acme", 5) is True


def test_tier_limits_apply_to_assigned_users_only():
    clock = FakeClock()
    lim = RateLimiter(rpm=1, clock=clock)
    lim.add_tier("pro", rpm=3)
    lim.assign("p", "pro")
    assert [_allow(lim, "p") for _ in range(4)] == [True, True, True, False]
    assert [_allow(lim, "d") for _ in range(2)] == [True, False]


def test_unknown_tier_and_duplicate_tier():
    lim = RateLimiter(rpm=1, clock=FakeClock())
    with pytest.raises(ValueError):
        lim.assign("u", "gold")
    lim.add_tier("gold", rpm=5)
    with pytest.raises(ValueError):
        lim.add_tier("gold", rpm=6)
    with pytest.raises(ValueError):
        lim.add_tier("default", rpm=6)


def test_capacity_none_removes_global_limit():
    clock = FakeClock()
    lim = RateLimiter(rpm=100, clock=clock)
    lim.set_capacity(10)
    assert _allow(lim, "a", 10) is True
    assert _allow(lim, "b", 1) is False
    lim.set_capacity(None)
    assert _allow(lim, "b", 10**6) is True

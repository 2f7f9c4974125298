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
    lim = RateLimiter(rpm=2, clock=clock)
    assert _allow(lim, "alice") is True
    assert _allow(lim, "alice") is True
    assert _allow(lim, "alice") is False
    assert _allow(lim, "bob") is True
    clock.now = 29_999
    assert _allow(lim, "alice") is False
    clock.now = 30_000
    assert _allow(lim, "alice") is True
    clock.now = 1_000_000
    assert [_allow(lim, "alice") for _ in range(3)] == [True, True, False]


def test_rpm_7_boundary_is_exact():
    clock = FakeClock()
    lim = RateLimiter(rpm=7, clock=clock)
    assert [_allow(lim, "u") for _ in range(8)] == [True] * 7 + [False]
    clock.now = 8571
    assert _allow(lim, "u") is False
    clock.now = 8572
    assert _allow(lim, "u") is True


def test_invalid_rpm():
    for bad in (0, -1):
        with pytest.raises(ValueError):
            RateLimiter(rpm=bad, clock=FakeClock())


def test_users_are_independent():
    clock = FakeClock()
    lim = RateLimiter(rpm=1, clock=clock)
    assert [_allow(lim, u) for u in ["a", "b", "c", "a", "b"]] == [True, True, True, False, False]

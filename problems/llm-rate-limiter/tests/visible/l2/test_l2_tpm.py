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
    lim = RateLimiter(rpm=10, tpm=1000, clock=clock)
    assert _allow(lim, "alice", 600) is True
    assert _allow(lim, "alice", 500) is False
    assert _allow(lim, "alice", 400) is True
    assert _allow(lim, "alice") is True
    clock.now = 6_000
    assert _allow(lim, "alice", 100) is True
    assert _allow(lim, "alice", 1) is False
    assert _allow(lim, "bob", 1001) is False


def test_no_tpm_means_no_token_limit():
    clock = FakeClock()
    lim = RateLimiter(rpm=2, clock=clock)
    assert _allow(lim, "u", 10**9) is True


def test_invalid_tokens():
    lim = RateLimiter(rpm=2, tpm=10, clock=FakeClock())
    with pytest.raises(ValueError):
        lim.allow("u", -1)
    assert [_allow(lim, "u", 5) for _ in range(3)] == [True, True, False]


def test_denied_by_tokens_does_not_take_a_request():
    clock = FakeClock()
    lim = RateLimiter(rpm=2, tpm=100, clock=clock)
    assert _allow(lim, "u", 100) is True
    for _ in range(5):
        assert _allow(lim, "u", 1) is False
    assert _allow(lim, "u", 0) is True
    assert _allow(lim, "u", 0) is False

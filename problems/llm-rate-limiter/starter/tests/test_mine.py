"""Your own tests: run them with `python -m pytest tests`. They are never scored."""

from limiter import RateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 0

    def __call__(self) -> int:
        return self.now


def test_two_requests_per_minute():
    clock = FakeClock()
    lim = RateLimiter(rpm=2, clock=clock)
    assert [lim.allow("alice") for _ in range(3)] == [True, True, False]

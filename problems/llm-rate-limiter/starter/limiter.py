"""Per-user rate limiter for an LLM API gateway.

Implement the class below level by level; the statements in your session say
exactly what each method must do. Only the standard library is available.
"""

from __future__ import annotations

from collections.abc import Callable


class RateLimiter:
    def __init__(self, rpm: int, tpm: int | None = None, *,
                 clock: Callable[[], int] | None = None) -> None:
        """`rpm` requests per minute per user; `tpm` tokens per minute (level 2).

        `clock()` returns the current time in integer milliseconds.
        """

    # ---- Levels 1 and 2 ----------------------------------------------------
    def allow(self, user: str, tokens: int = 0) -> bool:
        """May `user` make a request using `tokens` tokens now? Counts it if so."""
        raise NotImplementedError

    # ---- Level 3 -----------------------------------------------------------
    def add_tier(self, name: str, rpm: int, tpm: int | None = None,
                 priority: str = "low") -> None:
        """Level 3: define a tier with its own limits and a priority."""
        raise NotImplementedError

    def assign(self, user: str, tier: str) -> None:
        """Level 3: put `user` in `tier`."""
        raise NotImplementedError

    def set_capacity(self, tpm: int | None, reserved: int = 0) -> None:
        """Level 3: the gateway-wide token budget and its high-priority reserve."""
        raise NotImplementedError

    # ---- Level 4 -----------------------------------------------------------
    def begin(self, user: str, estimate: int) -> int | None:
        """Level 4: admit a request with an estimated token count; returns its id."""
        raise NotImplementedError

    def finish(self, request_id: int, actual: int) -> None:
        """Level 4: settle a request with the tokens it actually used."""
        raise NotImplementedError

"""Wrong: when the token or global check fails, the request is still taken from
the request bucket (a denied request must take nothing).

Every bucket is stored in exact integer units of 1/60000 of a request or a
token: a bucket with a limit of L per minute gains exactly L units per
millisecond and holds at most L * 60000 units. A user's request bucket and
token bucket are always refilled at the same instants, so they share one
timestamp. One lock serialises every call, and the clock is read inside it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

UNIT = 60_000            # units per whole request / token; also ms per minute
PRIORITIES = ("high", "low")


def _default_clock() -> int:
    return time.monotonic_ns() // 1_000_000


def _check_limit(value: object, what: str, optional: bool) -> None:
    if value is None and optional:
        return
    if type(value) is not int or value < 1:
        raise ValueError(f"{what} must be an int >= 1, got {value!r}")


def _check_count(value: object, what: str) -> None:
    if type(value) is not int or value < 0:
        raise ValueError(f"{what} must be an int >= 0, got {value!r}")


class _Tier:
    __slots__ = ("high", "rpm", "tpm")

    def __init__(self, rpm: int, tpm: int | None, priority: str) -> None:
        self.rpm = rpm
        self.tpm = tpm
        self.high = priority == "high"


class _User:
    __slots__ = ("last", "requests", "tier", "tokens")

    def __init__(self, tier: _Tier, now: int) -> None:
        self.tier = tier
        self.last = now
        self.requests = tier.rpm * UNIT
        self.tokens = 0 if tier.tpm is None else tier.tpm * UNIT

    def refill(self, now: int) -> None:
        elapsed = now - self.last
        if elapsed > 0:
            tier = self.tier
            self.requests = min(tier.rpm * UNIT, self.requests + elapsed * tier.rpm)
            if tier.tpm is not None:
                self.tokens = min(tier.tpm * UNIT, self.tokens + elapsed * tier.tpm)
            self.last = now


class _Global:
    __slots__ = ("capacity", "last", "level", "reserved")

    def __init__(self, capacity: int, reserved: int) -> None:
        self.capacity = capacity
        self.reserved = reserved * UNIT
        self.level = capacity * UNIT
        self.last: int | None = None          # a full bucket needs no timestamp

    def refill(self, now: int) -> None:
        if self.last is not None and now > self.last:
            self.level = min(self.capacity * UNIT, self.level + (now - self.last) * self.capacity)
        if self.last is None or now > self.last:
            self.last = now


class RateLimiter:
    def __init__(self, rpm: int, tpm: int | None = None, *,
                 clock: Callable[[], int] | None = None) -> None:
        _check_limit(rpm, "rpm", optional=False)
        _check_limit(tpm, "tpm", optional=True)
        self._clock = clock or _default_clock
        self._tiers: dict[str, _Tier] = {"default": _Tier(rpm, tpm, "low")}
        self._assigned: dict[str, _Tier] = {}
        self._users: dict[str, _User] = {}
        self._global: _Global | None = None
        self._open: dict[int, tuple[str, int]] = {}        # request id -> (user, estimate)
        self._next_id = 1
        self._lock = threading.Lock()

    # ------------------------------------------------------------ internals
    def _user(self, user: str, now: int) -> _User:
        state = self._users.get(user)
        if state is None:
            tier = self._assigned.get(user) or self._tiers["default"]
            state = self._users[user] = _User(tier, now)
        else:
            state.refill(now)
        return state

    def _admit(self, user: str, tokens: int, now: int) -> bool:
        state = self._user(user, now)
        need = tokens * UNIT
        if state.requests < UNIT:
            return False
        state.requests -= UNIT
        if state.tier.tpm is not None and state.tokens < need:
            return False
        bucket = self._global
        if bucket is not None:
            bucket.refill(now)
            if bucket.level < need + (0 if state.tier.high else bucket.reserved):
                return False
            bucket.level -= need
        if state.tier.tpm is not None:
            state.tokens -= need
        return True

    # -------------------------------------------------------------- level 1-2
    def allow(self, user: str, tokens: int = 0) -> bool:
        _check_count(tokens, "tokens")
        with self._lock:
            return self._admit(user, tokens, self._clock())

    # -------------------------------------------------------------- level 3
    def add_tier(self, name: str, rpm: int, tpm: int | None = None,
                 priority: str = "low") -> None:
        _check_limit(rpm, "rpm", optional=False)
        _check_limit(tpm, "tpm", optional=True)
        if priority not in PRIORITIES:
            raise ValueError(f"priority must be 'high' or 'low', got {priority!r}")
        with self._lock:
            if name in self._tiers:
                raise ValueError(f"tier {name!r} already exists")
            self._tiers[name] = _Tier(rpm, tpm, priority)

    def assign(self, user: str, tier: str) -> None:
        with self._lock:
            if tier not in self._tiers:
                raise ValueError(f"unknown tier {tier!r}")
            self._assigned[user] = self._tiers[tier]
            self._users.pop(user, None)            # fresh, full buckets on the next call

    def set_capacity(self, tpm: int | None, reserved: int = 0) -> None:
        if tpm is not None:
            _check_limit(tpm, "tpm", optional=False)
            _check_count(reserved, "reserved")
            if reserved > tpm:
                raise ValueError("reserved cannot exceed the capacity")
        with self._lock:
            self._global = None if tpm is None else _Global(tpm, reserved)

    # -------------------------------------------------------------- level 4
    def begin(self, user: str, estimate: int) -> int | None:
        _check_count(estimate, "estimate")
        with self._lock:
            if not self._admit(user, estimate, self._clock()):
                return None
            request_id = self._next_id
            self._next_id += 1
            self._open[request_id] = (user, estimate)
            return request_id

    def finish(self, request_id: int, actual: int) -> None:
        _check_count(actual, "actual")
        with self._lock:
            if request_id not in self._open:
                raise KeyError(request_id)
            now = self._clock()
            user, estimate = self._open.pop(request_id)
            extra = (actual - estimate) * UNIT
            state = self._user(user, now)
            if state.tier.tpm is not None:
                state.tokens = min(state.tier.tpm * UNIT, state.tokens - extra)
            bucket = self._global
            if bucket is not None:
                bucket.refill(now)
                bucket.level = min(bucket.capacity * UNIT, bucket.level - extra)

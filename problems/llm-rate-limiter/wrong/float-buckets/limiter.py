"""Wrong: bucket levels are floats (tokens) refilled by elapsed * limit / 60000.

Looks right and passes the examples, but the rounding drifts when a bucket is
refilled in many small steps, so a refill lands a millisecond late."""

from __future__ import annotations

import threading
import time


class _Tier:
    def __init__(self, rpm, tpm, priority):
        self.rpm, self.tpm, self.high = rpm, tpm, priority == "high"


def _limit(v, optional=False):
    if v is None and optional:
        return
    if type(v) is not int or v < 1:
        raise ValueError(v)


def _count(v):
    if type(v) is not int or v < 0:
        raise ValueError(v)


class RateLimiter:
    def __init__(self, rpm, tpm=None, *, clock=None):
        _limit(rpm)
        _limit(tpm, True)
        self._clock = clock or (lambda: time.monotonic_ns() // 1_000_000)
        self._tiers = {"default": _Tier(rpm, tpm, "low")}
        self._assigned = {}
        self._users = {}          # user -> [requests, tokens, last, tier]
        self._global = None       # [level, last, capacity, reserved]
        self._open = {}
        self._next = 1
        self._lock = threading.Lock()

    def _state(self, user, now):
        st = self._users.get(user)
        if st is None:
            tier = self._assigned.get(user, self._tiers["default"])
            st = self._users[user] = [float(tier.rpm), float(tier.tpm or 0), now, tier]
        else:
            tier = st[3]
            d = now - st[2]
            st[0] = min(float(tier.rpm), st[0] + d * tier.rpm / 60000)
            if tier.tpm is not None:
                st[1] = min(float(tier.tpm), st[1] + d * tier.tpm / 60000)
            st[2] = now
        return st

    def _glob(self, now):
        g = self._global
        if g is not None:
            if g[1] is not None:
                g[0] = min(float(g[2]), g[0] + (now - g[1]) * g[2] / 60000)
            g[1] = now
        return g

    def _admit(self, user, tokens, now):
        st = self._state(user, now)
        tier = st[3]
        if st[0] < 1 or (tier.tpm is not None and st[1] < tokens):
            return False
        g = self._glob(now)
        if g is not None:
            if g[0] < tokens + (0 if tier.high else g[3]):
                return False
            g[0] -= tokens
        st[0] -= 1
        if tier.tpm is not None:
            st[1] -= tokens
        return True

    def allow(self, user, tokens=0):
        _count(tokens)
        with self._lock:
            return self._admit(user, tokens, self._clock())

    def add_tier(self, name, rpm, tpm=None, priority="low"):
        _limit(rpm)
        _limit(tpm, True)
        if priority not in ("high", "low"):
            raise ValueError(priority)
        with self._lock:
            if name in self._tiers:
                raise ValueError(name)
            self._tiers[name] = _Tier(rpm, tpm, priority)

    def assign(self, user, tier):
        with self._lock:
            if tier not in self._tiers:
                raise ValueError(tier)
            self._assigned[user] = self._tiers[tier]
            self._users.pop(user, None)

    def set_capacity(self, tpm, reserved=0):
        if tpm is not None:
            _limit(tpm)
            _count(reserved)
            if reserved > tpm:
                raise ValueError(reserved)
        with self._lock:
            self._global = None if tpm is None else [float(tpm), None, tpm, reserved]

    def begin(self, user, estimate):
        _count(estimate)
        with self._lock:
            if not self._admit(user, estimate, self._clock()):
                return None
            rid = self._next
            self._next += 1
            self._open[rid] = (user, estimate)
            return rid

    def finish(self, request_id, actual):
        _count(actual)
        with self._lock:
            if request_id not in self._open:
                raise KeyError(request_id)
            now = self._clock()
            user, estimate = self._open.pop(request_id)
            extra = actual - estimate
            st = self._state(user, now)
            if st[3].tpm is not None:
                st[1] = min(float(st[3].tpm), st[1] - extra)
            g = self._glob(now)
            if g is not None:
                g[0] = min(float(g[2]), g[0] - extra)

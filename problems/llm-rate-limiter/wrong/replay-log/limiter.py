"""Correct but naive: every bucket keeps the full history of what was taken from
or given back to it, and its level is recomputed by replaying that history on
every call. It forgets history from before the bucket was last full, but a busy
user's bucket is never full again, so a call costs O(requests so far): quadratic.""" 

from __future__ import annotations

import threading
import time

UNIT = 60_000


class _Log:
    def __init__(self, limit, now):
        self.limit = limit
        self.start = now
        self.events = []              # (time, delta in units)

    def level(self, now):
        """Replay the whole history; forget the part before the bucket was last full."""
        cap = self.limit * UNIT
        level, t, full_at = cap, self.start, 0
        for i, (when, delta) in enumerate(self.events):
            level = min(cap, level + (when - t) * self.limit)
            if level == cap:
                full_at = i
            level = min(cap, level + delta)
            t = when
        if full_at:
            self.start = self.events[full_at][0]
            del self.events[:full_at]
        return min(cap, level + max(0, now - t) * self.limit)


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
        self._users = {}             # user -> (tier, request log, token log or None)
        self._global = None          # (log, reserved units) or None
        self._open = {}
        self._next = 1
        self._lock = threading.Lock()

    def _user(self, user, now):
        if user not in self._users:
            tier = self._assigned.get(user, self._tiers["default"])
            self._users[user] = (tier, _Log(tier.rpm, now),
                                 None if tier.tpm is None else _Log(tier.tpm, now))
        return self._users[user]

    def _admit(self, user, tokens, now):
        tier, req, tok = self._user(user, now)
        need = tokens * UNIT
        if req.level(now) < UNIT or (tok is not None and tok.level(now) < need):
            return False
        if self._global is not None:
            log, reserved = self._global
            if log.level(now) < need + (0 if tier.high else reserved):
                return False
            log.events.append((now, -need))
        req.events.append((now, -UNIT))
        if tok is not None:
            tok.events.append((now, -need))
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
            # a full bucket: its start time only matters once something is taken
            self._global = None if tpm is None else (_Log(tpm, -10**18), reserved * UNIT)

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
            extra = (actual - estimate) * UNIT
            _tier, _req, tok = self._user(user, now)
            if tok is not None:
                tok.events.append((now, -extra))
            if self._global is not None:
                self._global[0].events.append((now, -extra))

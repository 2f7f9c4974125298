"""A side's table of the objects it has handed out as handles."""

from __future__ import annotations

import itertools
import threading

from validators.boundary.codec import ProtocolError

__all__ = ["Table"]


class Table:
    """Objects by handle id, each with how many times it was sent (so a release
    that crosses a fresh send of the same object never drops it), plus a small
    token per type (the tests side remembers plain methods per token)."""

    def __init__(self) -> None:
        self.objects: dict[int, object] = {}
        self.sent: dict[int, int] = {}
        self.by_identity: dict[int, int] = {}
        self.tokens: dict[type, int] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def export(self, obj: object) -> tuple[int, int]:
        with self._lock:
            ident = self.by_identity.get(id(obj))
            if ident is None:
                ident = next(self._ids)
                self.objects[ident] = obj
                self.by_identity[id(obj)] = ident
                self.sent[ident] = 0
            self.sent[ident] += 1
            token = self.tokens.setdefault(type(obj), len(self.tokens) + 1)
        return ident, token

    def get(self, ident: int) -> object:
        try:
            return self.objects[ident]
        except KeyError:
            raise ProtocolError(f"a handle ({ident}) that was never handed out") from None

    def release(self, ident: int, count: int) -> None:
        with self._lock:
            left = self.sent.get(ident, 0) - count
            if left > 0:
                self.sent[ident] = left
                return
            obj = self.objects.pop(ident, None)
            self.sent.pop(ident, None)
            if obj is not None:
                self.by_identity.pop(id(obj), None)

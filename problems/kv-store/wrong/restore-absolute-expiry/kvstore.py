"""Wrong: restore keeps the absolute expiry a key had when the backup was taken.

Data lives in a dict ``key -> (value, expiry)`` (``expiry`` is ``None`` for
keys that never expire) plus a sorted list of the same keys for scans.
Expired entries are dropped lazily: they stay until overwritten or deleted,
and every read checks the expiry against the timestamp it is given.
"""

from __future__ import annotations

from bisect import bisect_left, insort


class KVStore:
    def __init__(self) -> None:
        self._data: dict[str, tuple[str, int | None]] = {}
        self._keys: list[str] = []                         # sorted, same keys as _data
        self._backups: list[tuple[int, dict[str, tuple[str, int | None]]]] = []

    # ------------------------------------------------------------ internals
    def _put(self, key: str, value: str, expiry: int | None) -> None:
        if key not in self._data:
            insort(self._keys, key)
        self._data[key] = (value, expiry)

    def _remove(self, key: str) -> None:
        del self._data[key]
        del self._keys[bisect_left(self._keys, key)]

    @staticmethod
    def _live(entry: tuple[str, int | None] | None, timestamp: int | None) -> bool:
        if entry is None:
            return False
        expiry = entry[1]
        return expiry is None or timestamp is None or timestamp < expiry

    def _scan(self, prefix: str, timestamp: int | None) -> list[tuple[str, str]]:
        keys, data = self._keys, self._data
        out: list[tuple[str, str]] = []
        i = bisect_left(keys, prefix)
        while i < len(keys) and keys[i].startswith(prefix):
            entry = data[keys[i]]
            if self._live(entry, timestamp):
                out.append((keys[i], entry[0]))
            i += 1
        return out

    # -------------------------------------------------------------- level 1
    def set(self, key: str, value: str) -> None:
        self._put(key, value, None)

    def get(self, key: str) -> str | None:
        entry = self._data.get(key)
        return entry[0] if entry is not None else None

    def delete(self, key: str) -> bool:
        if key not in self._data:
            return False
        self._remove(key)
        return True

    # -------------------------------------------------------------- level 2
    def scan(self) -> list[tuple[str, str]]:
        return self._scan("", None)

    def scan_prefix(self, prefix: str) -> list[tuple[str, str]]:
        return self._scan(prefix, None)

    # -------------------------------------------------------------- level 3
    def set_at(self, key: str, value: str, timestamp: int, ttl: int | None = None) -> None:
        if ttl is not None and (type(ttl) is not int or ttl < 1):
            raise ValueError(f"ttl must be an int >= 1, got {ttl!r}")
        self._put(key, value, None if ttl is None else timestamp + ttl)

    def get_at(self, key: str, timestamp: int) -> str | None:
        entry = self._data.get(key)
        return entry[0] if entry is not None and self._live(entry, timestamp) else None

    def delete_at(self, key: str, timestamp: int) -> bool:
        entry = self._data.get(key)
        if entry is None:
            return False
        live = self._live(entry, timestamp)
        self._remove(key)            # an expired entry is dropped either way
        return live

    def scan_at(self, timestamp: int) -> list[tuple[str, str]]:
        return self._scan("", timestamp)

    def scan_prefix_at(self, prefix: str, timestamp: int) -> list[tuple[str, str]]:
        return self._scan(prefix, timestamp)

    # -------------------------------------------------------------- level 4
    def backup_at(self, timestamp: int) -> int:
        snapshot = {
            key: (value, expiry)
            for key, (value, expiry) in self._data.items()
            if expiry is None or timestamp < expiry
        }
        self._backups.append((timestamp, snapshot))
        return len(snapshot)

    def restore_at(self, timestamp: int, backup_timestamp: int) -> None:
        chosen = None
        for taken, snapshot in self._backups:     # in the order taken; times never decrease
            if taken <= backup_timestamp:
                chosen = snapshot
        if chosen is None:
            raise ValueError(f"no backup at or before {backup_timestamp}")
        self._data = {
            key: (value, left)
            for key, (value, left) in chosen.items()
        }
        self._keys = sorted(self._data)

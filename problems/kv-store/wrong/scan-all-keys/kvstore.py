"""Correct but naive: every scan filters and sorts all keys (O(n log n) per scan)."""

from __future__ import annotations


class KVStore:
    def __init__(self) -> None:
        self._data: dict[str, tuple[str, int | None]] = {}
        self._backups: list[tuple[int, dict[str, tuple[str, int | None]]]] = []

    def set(self, key: str, value: str) -> None:
        self._data[key] = (value, None)

    def get(self, key: str) -> str | None:
        entry = self._data.get(key)
        return None if entry is None else entry[0]

    def delete(self, key: str) -> bool:
        return self._data.pop(key, None) is not None

    def _scan(self, prefix: str, t: int | None) -> list[tuple[str, str]]:
        return sorted(
            (k, v) for k, (v, exp) in self._data.items()
            if k.startswith(prefix) and (t is None or exp is None or t < exp)
        )

    def scan(self) -> list[tuple[str, str]]:
        return self._scan("", None)

    def scan_prefix(self, prefix: str) -> list[tuple[str, str]]:
        return self._scan(prefix, None)

    def set_at(self, key: str, value: str, timestamp: int, ttl: int | None = None) -> None:
        if ttl is not None and (type(ttl) is not int or ttl < 1):
            raise ValueError("bad ttl")
        self._data[key] = (value, None if ttl is None else timestamp + ttl)

    def _live(self, key: str, t: int) -> bool:
        entry = self._data.get(key)
        return entry is not None and (entry[1] is None or t < entry[1])

    def get_at(self, key: str, timestamp: int) -> str | None:
        return self._data[key][0] if self._live(key, timestamp) else None

    def delete_at(self, key: str, timestamp: int) -> bool:
        live = self._live(key, timestamp)
        self._data.pop(key, None)
        return live

    def scan_at(self, timestamp: int) -> list[tuple[str, str]]:
        return self._scan("", timestamp)

    def scan_prefix_at(self, prefix: str, timestamp: int) -> list[tuple[str, str]]:
        return self._scan(prefix, timestamp)

    def backup_at(self, timestamp: int) -> int:
        snap = {k: (v, None if exp is None else exp - timestamp)
                for k, (v, exp) in self._data.items() if exp is None or timestamp < exp}
        self._backups.append((timestamp, snap))
        return len(snap)

    def restore_at(self, timestamp: int, backup_timestamp: int) -> None:
        found = [snap for taken, snap in self._backups if taken <= backup_timestamp]
        if not found:
            raise ValueError("no backup")
        self._data = {k: (v, None if left is None else timestamp + left)
                      for k, (v, left) in found[-1].items()}

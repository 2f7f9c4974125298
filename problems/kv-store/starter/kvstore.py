"""In-memory key-value store.

Implement the class below level by level; the statements in your session say
exactly what each method must do. Only the standard library is available.
"""

from __future__ import annotations


class KVStore:
    def __init__(self) -> None:
        """Create an empty store."""

    # ---- Level 1 -----------------------------------------------------------
    def set(self, key: str, value: str) -> None:
        """Store `value` under `key`, replacing any previous value."""
        raise NotImplementedError

    def get(self, key: str) -> str | None:
        """The value stored under `key`, or None if the key is not present."""
        raise NotImplementedError

    def delete(self, key: str) -> bool:
        """Remove `key`; True if it was present, False if not."""
        raise NotImplementedError

    # ---- Level 2 -----------------------------------------------------------
    def scan(self) -> list[tuple[str, str]]:
        """Every (key, value) pair, sorted by key."""
        raise NotImplementedError

    def scan_prefix(self, prefix: str) -> list[tuple[str, str]]:
        """The (key, value) pairs whose key starts with `prefix`, sorted by key."""
        raise NotImplementedError

    # ---- Level 3 -----------------------------------------------------------
    def set_at(self, key: str, value: str, timestamp: int, ttl: int | None = None) -> None:
        """Level 3: set at time `timestamp`, optionally expiring after `ttl`."""
        raise NotImplementedError

    def get_at(self, key: str, timestamp: int) -> str | None:
        """Level 3: get as seen at time `timestamp`."""
        raise NotImplementedError

    def delete_at(self, key: str, timestamp: int) -> bool:
        """Level 3: delete at time `timestamp`."""
        raise NotImplementedError

    def scan_at(self, timestamp: int) -> list[tuple[str, str]]:
        """Level 3: scan as seen at time `timestamp`."""
        raise NotImplementedError

    def scan_prefix_at(self, prefix: str, timestamp: int) -> list[tuple[str, str]]:
        """Level 3: prefix scan as seen at time `timestamp`."""
        raise NotImplementedError

    # ---- Level 4 -----------------------------------------------------------
    def backup_at(self, timestamp: int) -> int:
        """Level 4: snapshot the live keys; returns how many were saved."""
        raise NotImplementedError

    def restore_at(self, timestamp: int, backup_timestamp: int) -> None:
        """Level 4: restore the latest backup taken at or before `backup_timestamp`."""
        raise NotImplementedError

"""In-memory file system.

Implement the class below level by level; the statements in your session say
exactly what each method must do and which exceptions it raises. Only the
standard library is available.
"""

from __future__ import annotations


class QuotaExceededError(Exception):
    """Level 3: raised when a change would push the total size over the quota."""


class MemoryFS:
    def __init__(self, quota: int | None = None) -> None:
        """An empty file system (just "/"). `quota` is used from level 3 on."""

    # ---- Level 1 -----------------------------------------------------------
    def mkdir(self, path: str) -> None:
        """Create directory `path` and any missing parents (like mkdir -p)."""
        raise NotImplementedError

    def write(self, path: str, content: str) -> None:
        """Create or overwrite the file `path`; its parent directory must exist."""
        raise NotImplementedError

    def read(self, path: str) -> str:
        """The content of the file `path`."""
        raise NotImplementedError

    def ls(self, path: str) -> list[str]:
        """Sorted child names of a directory, or [name] for a file."""
        raise NotImplementedError

    # ---- Level 2 -----------------------------------------------------------
    def append(self, path: str, content: str) -> None:
        """Level 2: append to the file `path`, creating it if missing."""
        raise NotImplementedError

    def size(self, path: str) -> int:
        """Level 2: UTF-8 bytes of a file, or the total of a directory's files."""
        raise NotImplementedError

    def remove(self, path: str) -> None:
        """Level 2: delete a file, or a directory with everything inside it."""
        raise NotImplementedError

    # ---- Level 3 -----------------------------------------------------------
    def set_quota(self, quota: int | None) -> None:
        """Level 3: replace the quota (None = unlimited)."""
        raise NotImplementedError

    def usage(self) -> int:
        """Level 3: total size of all files."""
        raise NotImplementedError

    # ---- Level 4 -----------------------------------------------------------
    def move(self, src: str, dst_dir: str) -> str:
        """Level 4: move `src` into directory `dst_dir`; returns the new path."""
        raise NotImplementedError

    def rename(self, path: str, new_name: str) -> str:
        """Level 4: rename in place; returns the new path."""
        raise NotImplementedError

    def copy(self, src: str, dst_dir: str) -> str:
        """Level 4: copy `src` into directory `dst_dir`; returns the copy's path."""
        raise NotImplementedError

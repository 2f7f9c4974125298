"""Where durable state lives: HARNESS_HOME (default: the platform's user data folder).

Nothing under it is group- or world-writable: folders are made 0700 and files 0600
here, except what a sandbox user must read through a bind mount (staged suites and
submissions, a ready container's job folder: 0755 folders, 0644 files, never writable).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["MARKER", "cache_dir", "harness_home", "private_dir", "runs_dir", "write_private"]

# In every workspace: which session it belongs to (and, for `status --prompt`, the
# problem and its level ids, so that a prompt never has to load problem.yaml).
MARKER = Path(".harness") / "session.json"


def harness_home() -> Path:
    """HARNESS_HOME, else the platform's user data folder for harness."""
    configured = os.environ.get("HARNESS_HOME")
    if configured:
        # Absolute where it enters: a relative home would name another folder (and
        # another home label on containers) after a `cd`.
        return Path(configured).expanduser().absolute()
    from platformdirs import user_data_dir

    return Path(user_data_dir("harness", appauthor=False)).absolute()


def private_dir(path: Path) -> Path:
    """``path``, with every missing folder on the way created 0700 (only its owner may
    enter); folders that exist already are left as they are."""
    missing = []
    folder = path
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
    return path


def write_private(path: Path, data: str | bytes) -> Path:
    """Write ``path`` as a 0600 file in a 0700 folder; a symlink in its place is refused."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    try:
        os.fchmod(fd, 0o600)  # a file written by older code may carry wider bits
        view = memoryview(data.encode("utf-8") if isinstance(data, str) else data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
    return path


def cache_dir() -> Path:
    return harness_home() / "cache"


def runs_dir() -> Path:
    """Per-run scratch folders (staged suites); removed after each run."""
    return harness_home() / "runs"

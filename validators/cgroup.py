"""Read the container's OOM-kill counter (cgroup v1 or v2)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["oom_kills"]

_FILES = (
    Path("/sys/fs/cgroup/memory.events"),  # cgroup v2
    Path("/sys/fs/cgroup/memory/memory.oom_control"),  # cgroup v1
)


def oom_kills() -> int:
    """Number of processes the memory limit has killed in this container."""
    for path in _FILES:
        try:
            text = path.read_text()
        except OSError:
            continue
        for line in text.splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return int(value)
    return 0

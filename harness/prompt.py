"""`harness status --prompt`: one short line for a shell prompt, e.g. ``kv-store l2 0:41:10``.

It runs on every prompt, so it stays cheap: the standard library, click and the
SQLite store only; never docker-py, pydantic, jsonschema or rich.  Outside a
workspace, or on any trouble, it prints nothing: a prompt must not shout.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from harness.errors import HarnessError
from harness.paths import MARKER
from harness.store import Store, StoredSession

__all__ = ["clock", "print_prompt", "prompt_line"]


def clock(seconds: float) -> str:
    """``H:MM:SS``."""
    seconds = int(max(0, seconds))
    return f"{seconds // 3600:d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _marker(start: Path) -> dict[str, object]:
    for folder in (start, *start.parents):
        path = folder / MARKER
        if path.is_file() and path.stat().st_size < 1 << 16:  # a workspace file: cap it
            data = json.loads(path.read_text())
            return data if isinstance(data, dict) else {}
    return {}


def _line(row: StoredSession, levels: object) -> str:
    names = levels if isinstance(levels, list) else []
    index = row.unlocked - 1
    level = str(names[index]) if 0 <= index < len(names) else f"level {row.unlocked}"
    if row.ended is not None:
        return f"{row.problem} ended"
    if row.expired:
        return f"{row.problem} {level} time is up"
    return f"{row.problem} {level} {clock(row.deadline - time.time())}"


def prompt_line(folder: Path | None = None) -> str:
    """The prompt text of the session around ``folder`` (default: here); '' if none."""
    try:
        marker = _marker((folder or Path.cwd()).resolve())
        row = Store().session(str(marker.get("session", "")))
    except (OSError, ValueError, HarnessError):
        return ""
    return _line(row, marker.get("levels")) if row else ""


def print_prompt(folder: Path | None = None) -> int:
    """Print the prompt line (nothing outside a session); always exit 0."""
    line = prompt_line(folder)
    if line:
        print(line)
    return 0

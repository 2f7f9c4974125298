"""Where durable state lives: HARNESS_HOME (default: the platform's user data folder)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["MARKER", "cache_dir", "harness_home", "runs_dir"]

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


def cache_dir() -> Path:
    return harness_home() / "cache"


def runs_dir() -> Path:
    """Per-run scratch folders (staged suites); removed after each run."""
    return harness_home() / "runs"

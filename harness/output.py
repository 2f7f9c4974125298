"""Printing for people and for scripts: rich on a terminal, JSON with --json.

rich honours NO_COLOR and drops colour when output is not a terminal; it is
imported only when something is printed, to keep start-up fast.
"""

from __future__ import annotations

import json
import sys
from contextlib import AbstractContextManager, nullcontext
from functools import cache
from typing import Any

__all__ = ["clock", "console", "emit_json", "err_console", "reset", "spinner"]


@cache
def console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


@cache
def err_console() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def emit_json(data: Any) -> None:
    """One JSON document on stdout, for scripts."""
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=False, default=str) + "\n")


def spinner(message: str, *, quiet: bool) -> AbstractContextManager[Any]:
    """A spinner while something slow runs; nothing at all for --json output."""
    return nullcontext() if quiet else console().status(message)


def reset() -> None:
    """Forget the consoles (an agent's child takes its client's streams and environment)."""
    console.cache_clear()
    err_console.cache_clear()


def clock(seconds: float) -> str:
    """``H:MM:SS`` (never negative): time left, or time used."""
    seconds = int(max(0, seconds))
    return f"{seconds // 3600:d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"

"""Waiting out a broker, database or Docker daemon that went away: backoff, bounded."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TypeVar

from harness.distributed.errors import DatabaseUnavailable
from harness.errors import SandboxUnavailable

__all__ = ["RETRY_FOR", "patiently"]

T = TypeVar("T")
RETRY_FOR = 600.0  # seconds a grade waits for its services before giving its message back
FIRST_DELAY, MAX_DELAY = 0.5, 10.0


def patiently(call: Callable[[], T], what: str, *, retry_for: float = RETRY_FOR) -> T:
    """``call()``, retried with exponential backoff while a service is unreachable."""
    deadline = time.monotonic() + retry_for
    delay = FIRST_DELAY
    while True:
        try:
            return call()
        except (DatabaseUnavailable, SandboxUnavailable) as exc:
            if time.monotonic() + delay > deadline:
                raise
            print(f"{what}: {exc.message}; retrying in {delay:g} s", file=sys.stderr, flush=True)
            time.sleep(delay)
            delay = min(delay * 2, MAX_DELAY)

"""Test-only hooks of a worker, chosen by environment variables the tests set (documented in
docs/scale.md).  They exist so that tests can put volume and failures through real workers:

- ``HARNESS_TEST_GRADER=trivial[:SECONDS]``: no sandbox; every submission scores 1/1 after
  SECONDS (default 0) -- for fan-out and throughput figures of the queue itself;
- ``HARNESS_TEST_POISON=NAME``: the worker process dies (``os._exit``) whenever it starts
  grading the submission whose folder is called NAME -- a job that kills its grader every time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from harness.commands.grade import Graded

__all__ = ["GRADER_ENV", "POISON_ENV", "die_if_poison", "test_grader"]

GRADER_ENV = "HARNESS_TEST_GRADER"
POISON_ENV = "HARNESS_TEST_POISON"
POISON_EXIT = 86  # what the poisoned process exits with


def test_grader() -> Callable[[str], Graded] | None:
    """The trivial grader when the environment asks for it, else None (grade for real)."""
    kind, _, seconds = os.environ.get(GRADER_ENV, "").partition(":")
    if kind != "trivial":
        return None
    delay = float(seconds or 0)

    def trivial(name: str) -> Graded:
        time.sleep(delay)
        return Graded(name, 1.0, 1.0, {"passed": 1}, delay)

    return trivial


def die_if_poison(name: str) -> None:
    """End this whole process at once if ``name`` is the poisoned submission."""
    poison = os.environ.get(POISON_ENV, "")
    if poison and Path(name).name == poison:
        os._exit(POISON_EXIT)

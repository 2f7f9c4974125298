"""Pick a suite up again after the supervisor's watchdog ended a tests process.

The watchdog (validators/supervisor.py) kills a tests process whose test ran past
its limits from outside; the next tests process records that test as ``timeout``
with the watchdog's reason, keeps what the earlier one recorded, and runs only the
tests not recorded yet.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from validators.results import ResultsWriter

__all__ = ["SkipRecorded", "restore"]


def restore(writer: ResultsWriter, resumed: list[tuple[str, str]]) -> set[str]:
    """Load the earlier tests process's record into ``writer``, add the tests the
    watchdog ended; the ids already recorded."""
    try:
        with open(writer.path, encoding="utf-8") as fh:
            doc = json.load(fh)
        writer.tests, writer.errors = list(doc["tests"]), list(doc["errors"])
        writer.collected = list(doc["collected"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    done = {str(t["id"]) for t in writer.tests}
    for test_id, why in resumed:
        if test_id not in done:
            writer.tests.append({"id": test_id, "level": test_id.split("/", 1)[0],
                                 "verdict": "timeout", "duration": 0.0, "message": why,
                                 "output": ""})
            done.add(test_id)
    return done


class SkipRecorded:
    """A pytest plugin: deselect the tests an earlier tests process recorded."""

    def __init__(self, done: set[str]) -> None:
        self.done = done

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[Any]) -> None:
        kept = [item for item in items if item.nodeid not in self.done]
        dropped = [item for item in items if item.nodeid in self.done]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept

"""Where a batch of grades runs: the ``Engine`` protocol and its backends, in a literal dict.

``local`` is the thread pool on this machine (the default; nothing else is needed);
``celery`` puts the batch on a cluster of `harness worker`s over RabbitMQ, with
PostgreSQL as the record.  Only ``harness.engines.celery`` reaches into the cluster
code, and it is imported only when asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from harness.commands.grade import Graded
    from harness.spec import Problem

__all__ = ["ENGINES", "Engine"]


class Engine(Protocol):
    """Grades the submissions of one problem; returns a row per submission."""

    def grade(self, problem: Problem, submissions: tuple[Path, ...], *,
              quiet: bool) -> list[Graded]:
        """Every submission's row; a progress bar unless ``quiet``."""
        ...


ENGINES = {
    "local": "a pool of threads on this machine, --jobs at a time (the default)",
    "celery": "`harness worker`s on any number of machines, over RabbitMQ, recorded in PostgreSQL",
}

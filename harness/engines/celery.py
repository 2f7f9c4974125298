"""The celery engine: the batch goes to the cluster's workers; rows come back from the record."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from harness.distributed.client import follow, results, submit
from harness.distributed.config import Cluster
from harness.output import console

if TYPE_CHECKING:
    from harness.commands.grade import Graded
    from harness.spec import Problem

__all__ = ["CeleryEngine"]


@dataclass(frozen=True)
class CeleryEngine:
    """Grades on the cluster at ``cluster``; waits for the whole batch."""

    cluster: Cluster

    def grade(self, problem: Problem, submissions: tuple[Path, ...], *,
              quiet: bool) -> list[Graded]:
        from rich.progress import Progress

        submitted = submit(self.cluster, problem, submissions)
        with Progress(console=console(), disable=quiet, transient=True) as progress:
            task = progress.add_task(f"batch {submitted.batch[:8]}", total=submitted.total)
            for status in follow(self.cluster, submitted.batch):
                progress.update(task, completed=status.done)
        return results(self.cluster, submitted.batch)

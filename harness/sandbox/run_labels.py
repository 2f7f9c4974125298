"""Extra labels for the containers this thread starts (a cluster worker's name, job, attempt).

A context variable, so each of a worker's grading threads labels only its own runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["WORKER_LABEL", "current_labels", "labelled"]

WORKER_LABEL = "io.harness.worker"  # a worker removes its own leftovers by this label only
_LABELS: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("run_labels", default=())


def current_labels() -> dict[str, str]:
    """The labels to add to a container started now, in this thread."""
    return dict(_LABELS.get())


@contextmanager
def labelled(*, worker: str, job: str, attempt: int) -> Iterator[None]:
    """Label every container started inside the block with the worker, the job and the attempt."""
    token = _LABELS.set(((WORKER_LABEL, worker), ("io.harness.job", job),
                         ("io.harness.attempt", str(attempt))))
    try:
        yield
    finally:
        _LABELS.reset(token)

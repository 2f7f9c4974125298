"""Training-job scheduler for a GPU cluster (a discrete-time simulation).

Implement the class below level by level; the statements in your session say
exactly what each method must do. Only the standard library is available.
"""

from __future__ import annotations


class Scheduler:
    def __init__(self, gpu_memory: list[int]) -> None:
        """GPUs 0..n-1; GPU i has gpu_memory[i] GB."""

    def submit(self, time: int, job_id: str, memory: int, duration: int, priority: int = 0,
               checkpoint: int | None = None, gpus: int = 1) -> None:
        """A job arrives at `time`. `priority` (level 2), `checkpoint` (level 3) and
        `gpus` (level 4) keep their defaults until those levels."""
        raise NotImplementedError

    def advance(self, time: int) -> list[str]:
        """Run the simulation up to `time`; ids of jobs finished since the last advance."""
        raise NotImplementedError

    def status(self, job_id: str) -> str:
        """"queued", "running" or "done"."""
        raise NotImplementedError

    def placement(self, job_id: str) -> list[int]:
        """Sorted GPU indices of a running job; [] otherwise."""
        raise NotImplementedError

    def queue(self) -> list[str]:
        """Ids of the waiting jobs, in queue order."""
        raise NotImplementedError

    def free(self, gpu: int) -> int:
        """Free memory (GB) of GPU `gpu` now."""
        raise NotImplementedError

    def finish_time(self, job_id: str) -> int | None:
        """When a running job will finish / a done job finished; None if waiting."""
        raise NotImplementedError

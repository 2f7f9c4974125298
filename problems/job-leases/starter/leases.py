"""A job queue with leases.

Implement the class below level by level; the statements in your session say
exactly what each method must do. Standard library only. Time is always the
`now` argument (an int, in seconds), never a clock.
"""

from __future__ import annotations


class JobQueue:
    def __init__(self, lease_seconds: int, max_attempts: int | None = None) -> None:
        """An empty queue; leases last `lease_seconds` (level 2), retries stop at `max_attempts` (level 3)."""

    # ---- Level 1 -----------------------------------------------------------
    def submit(self, job_id: str, payload: str, now: int) -> None:
        """Add a pending job; a job id seen before raises ValueError."""
        raise NotImplementedError

    def claim(self, worker: str, now: int) -> tuple[str, str, int] | None:
        """Lease the oldest pending job: (job_id, payload, token), or None."""
        raise NotImplementedError

    def complete(self, job_id: str, token: int, result: str, now: int) -> bool:
        """Record the result if `token` is the job's latest claim and it is not done."""
        raise NotImplementedError

    def status(self, job_id: str, now: int) -> str:
        """'pending', 'leased', 'done' (level 3: 'dead'); KeyError if unknown."""
        raise NotImplementedError

    def result(self, job_id: str, now: int) -> str | None:
        """The recorded result, or None; KeyError if unknown."""
        raise NotImplementedError

    # ---- Level 2 -----------------------------------------------------------
    def heartbeat(self, job_id: str, token: int, now: int) -> bool:
        """Extend a live lease to now + lease_seconds."""
        raise NotImplementedError

    # ---- Level 3 -----------------------------------------------------------
    def fail(self, job_id: str, token: int, now: int) -> bool:
        """End a live attempt without a result."""
        raise NotImplementedError

    def attempts(self, job_id: str, now: int) -> int:
        """How many times the job has been claimed."""
        raise NotImplementedError

    def dead_letters(self, now: int) -> list[str]:
        """Dead job ids in the order they died."""
        raise NotImplementedError

    # ---- Level 4 -----------------------------------------------------------
    def submit_many(self, jobs: list[tuple[str, str]], now: int) -> None:
        raise NotImplementedError

    def claim_many(self, worker: str, n: int, now: int) -> list[tuple[str, str, int]]:
        raise NotImplementedError

    def complete_many(self, items: list[tuple[str, int, str]], now: int) -> list[bool]:
        raise NotImplementedError

    def heartbeat_many(self, items: list[tuple[str, int]], now: int) -> list[bool]:
        raise NotImplementedError

    def counts(self, now: int) -> dict[str, int]:
        raise NotImplementedError

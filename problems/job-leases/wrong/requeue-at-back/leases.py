"""Known-wrong: a redelivered job goes to the back of the queue instead of keeping
its submit-order place.

Pending jobs wait in a heap ordered by submit sequence; live leases sit in a
heap ordered by expiry, checked lazily (an entry whose token is no longer the
job's current lease is skipped).  Every call first expires the leases due at
`now`, so each operation is O(log n) amortised.
"""

from __future__ import annotations

import heapq


class _Job:
    __slots__ = ("seq", "payload", "status", "token", "expires", "attempts", "result")

    def __init__(self, seq: int, payload: str) -> None:
        self.seq = seq
        self.payload = payload
        self.status = "pending"
        self.token = 0
        self.expires = 0
        self.attempts = 0
        self.result: str | None = None


class JobQueue:
    def __init__(self, lease_seconds: int, max_attempts: int | None = None) -> None:
        if type(lease_seconds) is not int or lease_seconds < 1:
            raise ValueError("lease_seconds must be an int >= 1")
        if max_attempts is not None and (type(max_attempts) is not int or max_attempts < 1):
            raise ValueError("max_attempts must be None or an int >= 1")
        self._lease = lease_seconds
        self._max = max_attempts
        self._jobs: dict[str, _Job] = {}
        self._pending: list[tuple[int, str]] = []
        self._leases: list[tuple[int, int, str, int]] = []  # (expires, seq, job_id, token)
        self._dead: list[str] = []
        self._tokens = 0
        self._requeued = 0
        self._counts = {"pending": 0, "leased": 0, "done": 0, "dead": 0}

    # ---- internals -----------------------------------------------------------
    def _move(self, job: _Job, status: str) -> None:
        self._counts[job.status] -= 1
        self._counts[status] += 1
        job.status = status

    def _release(self, job_id: str, job: _Job) -> None:
        """The current attempt is over without a result: retry or dead-letter."""
        if self._max is not None and job.attempts >= self._max:
            self._move(job, "dead")
            self._dead.append(job_id)
        else:
            self._move(job, "pending")
            self._requeued += 1
            heapq.heappush(self._pending, (10**12 + self._requeued, job_id))

    def _expire(self, now: int) -> None:
        leases = self._leases
        while leases and leases[0][0] <= now:
            expires, _, job_id, token = heapq.heappop(leases)
            job = self._jobs[job_id]
            if job.status == "leased" and job.token == token and job.expires == expires:
                self._release(job_id, job)

    def _current(self, job_id: str, token: int) -> _Job | None:
        job = self._jobs.get(job_id)
        if job is None or job.token == 0 or job.token != token:
            return None
        return job

    # ---- level 1 -------------------------------------------------------------
    def submit(self, job_id: str, payload: str, now: int) -> None:
        self.submit_many([(job_id, payload)], now)

    def claim(self, worker: str, now: int) -> tuple[str, str, int] | None:
        got = self.claim_many(worker, 1, now)
        return got[0] if got else None

    def complete(self, job_id: str, token: int, result: str, now: int) -> bool:
        return self.complete_many([(job_id, token, result)], now)[0]

    def status(self, job_id: str, now: int) -> str:
        self._expire(now)
        job = self._jobs.get(job_id)
        if job is None:
            raise KeyError(job_id)
        return job.status

    def result(self, job_id: str, now: int) -> str | None:
        self._expire(now)
        job = self._jobs.get(job_id)
        if job is None:
            raise KeyError(job_id)
        return job.result

    # ---- level 2 -------------------------------------------------------------
    def heartbeat(self, job_id: str, token: int, now: int) -> bool:
        return self.heartbeat_many([(job_id, token)], now)[0]

    # ---- level 3 -------------------------------------------------------------
    def fail(self, job_id: str, token: int, now: int) -> bool:
        self._expire(now)
        job = self._current(job_id, token)
        if job is None or job.status != "leased":
            return False
        self._release(job_id, job)
        return True

    def attempts(self, job_id: str, now: int) -> int:
        self._expire(now)
        job = self._jobs.get(job_id)
        if job is None:
            raise KeyError(job_id)
        return job.attempts

    def dead_letters(self, now: int) -> list[str]:
        self._expire(now)
        return list(self._dead)

    # ---- level 4 -------------------------------------------------------------
    def submit_many(self, jobs: list[tuple[str, str]], now: int) -> None:
        self._expire(now)
        seen = set()
        for job_id, _ in jobs:
            if job_id in self._jobs or job_id in seen:
                raise ValueError(f"duplicate job id {job_id!r}")
            seen.add(job_id)
        for job_id, payload in jobs:
            seq = len(self._jobs)
            self._jobs[job_id] = _Job(seq, payload)
            self._counts["pending"] += 1
            heapq.heappush(self._pending, (seq, job_id))

    def claim_many(self, worker: str, n: int, now: int) -> list[tuple[str, str, int]]:
        self._expire(now)
        out = []
        pending = self._pending
        while pending and len(out) < n:
            _, job_id = heapq.heappop(pending)
            job = self._jobs[job_id]
            if job.status != "pending":  # completed late while waiting: skip its entry
                continue
            self._tokens += 1
            job.token = self._tokens
            job.attempts += 1
            job.expires = now + self._lease
            self._move(job, "leased")
            heapq.heappush(self._leases, (job.expires, job.seq, job_id, job.token))
            out.append((job_id, job.payload, job.token))
        return out

    def complete_many(self, items: list[tuple[str, int, str]], now: int) -> list[bool]:
        self._expire(now)
        out = []
        for job_id, token, result in items:
            job = self._current(job_id, token)
            ok = job is not None and job.status in ("leased", "pending")
            if ok:
                assert job is not None
                self._move(job, "done")
                job.result = result
            out.append(ok)
        return out

    def heartbeat_many(self, items: list[tuple[str, int]], now: int) -> list[bool]:
        self._expire(now)
        out = []
        for job_id, token in items:
            job = self._current(job_id, token)
            ok = job is not None and job.status == "leased"
            if ok:
                assert job is not None
                job.expires = now + self._lease
                heapq.heappush(self._leases, (job.expires, job.seq, job_id, job.token))
            out.append(ok)
        return out

    def counts(self, now: int) -> dict[str, int]:
        self._expire(now)
        return dict(self._counts)

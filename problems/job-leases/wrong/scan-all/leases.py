"""Known-wrong: correct results, but every call looks at every job.

Expiries are found by scanning all jobs on each call, and each claim scans all
pending jobs for the oldest one: O(n) per item, far too slow at level 4.
"""

from __future__ import annotations


class JobQueue:
    def __init__(self, lease_seconds: int, max_attempts: int | None = None) -> None:
        if type(lease_seconds) is not int or lease_seconds < 1:
            raise ValueError("lease_seconds")
        if max_attempts is not None and (type(max_attempts) is not int or max_attempts < 1):
            raise ValueError("max_attempts")
        self.lease = lease_seconds
        self.max = max_attempts
        self.jobs: dict[str, dict] = {}
        self.dead: list[tuple[int, int, str]] = []
        self.tokens = 0

    def _expire(self, now: int) -> None:
        for job_id, j in self.jobs.items():
            if j["status"] == "leased" and j["expires"] <= now:
                self._release(job_id, j, j["expires"])

    def _release(self, job_id: str, j: dict, when: int) -> None:
        if self.max is not None and j["attempts"] >= self.max:
            j["status"] = "dead"
            self.dead.append((when, j["seq"], job_id))
            self.dead.sort()
        else:
            j["status"] = "pending"

    def _get(self, job_id: str) -> dict:
        if job_id not in self.jobs:
            raise KeyError(job_id)
        return self.jobs[job_id]

    def submit(self, job_id, payload, now):
        self.submit_many([(job_id, payload)], now)

    def submit_many(self, jobs, now):
        self._expire(now)
        ids = [j for j, _ in jobs]
        if len(set(ids)) != len(ids) or any(j in self.jobs for j in ids):
            raise ValueError("duplicate")
        for job_id, payload in jobs:
            self.jobs[job_id] = {"seq": len(self.jobs), "payload": payload, "status": "pending",
                                 "token": 0, "expires": 0, "attempts": 0, "result": None}

    def claim(self, worker, now):
        self._expire(now)
        pending = [(j["seq"], k) for k, j in self.jobs.items() if j["status"] == "pending"]
        if not pending:
            return None
        _, job_id = min(pending)
        j = self.jobs[job_id]
        self.tokens += 1
        j.update(status="leased", token=self.tokens, expires=now + self.lease,
                 attempts=j["attempts"] + 1)
        return (job_id, j["payload"], j["token"])

    def claim_many(self, worker, n, now):
        out = []
        for _ in range(n):
            got = self.claim(worker, now)
            if got is None:
                break
            out.append(got)
        return out

    def complete(self, job_id, token, result, now):
        self._expire(now)
        j = self.jobs.get(job_id)
        if j is None or j["token"] == 0 or j["token"] != token or j["status"] not in ("leased", "pending"):
            return False
        j["status"], j["result"] = "done", result
        return True

    def complete_many(self, items, now):
        return [self.complete(a, b, c, now) for a, b, c in items]

    def heartbeat(self, job_id, token, now):
        self._expire(now)
        j = self.jobs.get(job_id)
        if j is None or j["token"] != token or j["status"] != "leased":
            return False
        j["expires"] = now + self.lease
        return True

    def heartbeat_many(self, items, now):
        return [self.heartbeat(a, b, now) for a, b in items]

    def fail(self, job_id, token, now):
        self._expire(now)
        j = self.jobs.get(job_id)
        if j is None or j["token"] != token or j["status"] != "leased":
            return False
        self._release(job_id, j, now)
        return True

    def status(self, job_id, now):
        self._expire(now)
        return self._get(job_id)["status"]

    def result(self, job_id, now):
        self._expire(now)
        return self._get(job_id)["result"]

    def attempts(self, job_id, now):
        self._expire(now)
        return self._get(job_id)["attempts"]

    def dead_letters(self, now):
        self._expire(now)
        return [job_id for _, _, job_id in self.dead]

    def counts(self, now):
        self._expire(now)
        out = {"pending": 0, "leased": 0, "done": 0, "dead": 0}
        for j in self.jobs.values():
            out[j["status"]] += 1
        return out

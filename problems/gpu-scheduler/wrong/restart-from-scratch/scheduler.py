"""Wrong: a preempted job loses the progress of its current run (its remaining
work is not reduced by the time it ran), then pays the checkpoint on top.

* the waiting queue is a heap keyed (-priority, submission number): strict
  order, so only its head is ever looked at;
* completions are a heap of (end time, submission number, run number);
  entries of preempted runs are skipped lazily;
* first fit scans the per-GPU free memory list (O(GPUs) per placement);
* preemption looks at the jobs running on each GPU - it is attempted only for
  a newly submitted job that reaches the head of the queue.
"""

from __future__ import annotations

import heapq

QUEUED, RUNNING, DONE = "queued", "running", "done"


class _Job:
    __slots__ = ("checkpoint", "end", "gpus", "id", "memory", "priority", "remaining",
                 "run", "seq", "start", "state", "width")

    def __init__(self, job_id: str, memory: int, duration: int, priority: int,
                 checkpoint: int | None, width: int, seq: int) -> None:
        self.id = job_id
        self.memory = memory
        self.remaining = duration          # work left when the current run started / if queued
        self.priority = priority
        self.checkpoint = checkpoint       # None: cannot be preempted
        self.width = width                 # number of GPUs (gang size)
        self.seq = seq
        self.state = QUEUED
        self.start = 0
        self.end: int | None = None
        self.gpus: list[int] = []
        self.run = 0


def _is_int(value: object) -> bool:
    return type(value) is int


class Scheduler:
    def __init__(self, gpu_memory: list[int]) -> None:
        if not isinstance(gpu_memory, list) or not gpu_memory or not all(
                _is_int(m) and m >= 1 for m in gpu_memory):
            raise ValueError("gpu_memory must be a non-empty list of ints >= 1")
        self._total = list(gpu_memory)
        self._largest = sorted(gpu_memory, reverse=True)     # [k-1]: the k-th largest GPU
        self._free = list(gpu_memory)
        self._on_gpu: list[dict[str, _Job]] = [{} for _ in gpu_memory]
        self._jobs: dict[str, _Job] = {}
        self._queue: list[tuple[int, int, str]] = []
        self._events: list[tuple[int, int, int, str]] = []
        self._now = 0
        self._finished: list[str] = []            # not yet reported by advance()

    # ------------------------------------------------------------ internals
    def _fit(self, job: _Job) -> list[int] | None:
        need, width, chosen = job.memory, job.width, []
        if max(self._free) < need:                 # the common case for a blocked head: O(n) in C
            return None
        for g, free in enumerate(self._free):
            if free >= need:
                chosen.append(g)
                if len(chosen) == width:
                    return chosen
        return None

    def _start(self, job: _Job, gpus: list[int], now: int) -> None:
        job.state, job.start, job.gpus = RUNNING, now, gpus
        job.end = now + job.remaining
        job.run += 1
        for g in gpus:
            self._free[g] -= job.memory
            self._on_gpu[g][job.id] = job
        heapq.heappush(self._events, (job.end, job.seq, job.run, job.id))

    def _release(self, job: _Job) -> None:
        for g in job.gpus:
            self._free[g] += job.memory
            del self._on_gpu[g][job.id]
        job.gpus = []

    def _dispatch(self, now: int) -> None:
        queue = self._queue
        while queue:
            job = self._jobs[queue[0][2]]
            gpus = self._fit(job)
            if gpus is None:
                return
            heapq.heappop(queue)
            self._start(job, gpus, now)

    def _run_until(self, time: int) -> None:
        events = self._events
        while events and events[0][0] <= time:
            at = events[0][0]
            batch = []
            while events and events[0][0] == at:
                _, _, run, job_id = heapq.heappop(events)
                job = self._jobs[job_id]
                if job.state == RUNNING and job.run == run:
                    batch.append(job)
            if not batch:
                continue
            for job in batch:
                self._release(job)
                job.state, job.remaining = DONE, 0
            self._finished.extend(sorted(job.id for job in batch))
            self._now = at
            self._dispatch(at)
        self._now = time

    def _preempt_for(self, job: _Job, now: int) -> None:
        best = None
        for g, running in enumerate(self._on_gpu):
            candidates = [r for r in running.values()
                          if r.checkpoint is not None and r.priority < job.priority]
            freed = self._free[g]
            if freed + sum(r.memory for r in candidates) < job.memory:
                continue
            candidates.sort(key=lambda r: (r.priority, -r.start, -r.seq))
            victims = []
            for r in candidates:
                if freed >= job.memory:
                    break
                victims.append(r)
                freed += r.memory
            cost = (sum(r.checkpoint for r in victims), len(victims), g)
            if best is None or cost < best[0]:
                best = (cost, g, victims)
        if best is None:
            return
        _, g, victims = best
        for victim in victims:
            self._release(victim)
            victim.remaining = victim.remaining + victim.checkpoint
            victim.state, victim.end = QUEUED, None
            heapq.heappush(self._queue, (-victim.priority, victim.seq, victim.id))
        heapq.heappop(self._queue)                 # the job itself: it is the head
        self._start(job, [g], now)
        self._dispatch(now)

    def _check_time(self, time: object) -> None:
        if not _is_int(time) or time < self._now:
            raise ValueError(f"time must be an int >= {self._now}, got {time!r}")

    # -------------------------------------------------------------- level 1
    def submit(self, time: int, job_id: str, memory: int, duration: int, priority: int = 0,
               checkpoint: int | None = None, gpus: int = 1) -> None:
        self._check_time(time)
        if not isinstance(job_id, str) or job_id in self._jobs:
            raise ValueError(f"job id {job_id!r} is not new")
        if not (_is_int(memory) and memory >= 1 and _is_int(duration) and duration >= 1
                and _is_int(priority) and _is_int(gpus) and gpus >= 1
                and (checkpoint is None or (_is_int(checkpoint) and checkpoint >= 0))):
            raise ValueError("invalid job parameters")
        if gpus > len(self._largest) or self._largest[gpus - 1] < memory:
            raise ValueError(f"job {job_id!r} can never fit")
        self._run_until(time)
        job = _Job(job_id, memory, duration, priority, checkpoint, gpus, len(self._jobs))
        self._jobs[job_id] = job
        heapq.heappush(self._queue, (-priority, job.seq, job_id))
        self._dispatch(time)
        if job.state == QUEUED and job.width == 1 and self._queue[0][2] == job_id:
            self._preempt_for(job, time)

    def advance(self, time: int) -> list[str]:
        self._check_time(time)
        self._run_until(time)
        finished, self._finished = self._finished, []
        return finished

    def status(self, job_id: str) -> str:
        return self._jobs[job_id].state

    def placement(self, job_id: str) -> list[int]:
        return list(self._jobs[job_id].gpus)

    def queue(self) -> list[str]:
        return [job_id for _, _, job_id in sorted(self._queue)]

    def free(self, gpu: int) -> int:
        return self._free[gpu]

    def finish_time(self, job_id: str) -> int | None:
        return self._jobs[job_id].end

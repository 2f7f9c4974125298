"""Correct but naive: no heaps and no indexes. Every dispatch step sorts all
waiting jobs to find the head, and every completion step scans all running
jobs for the next finish time - O(jobs) per event, quadratic overall."""

from __future__ import annotations


class _Job:
    def __init__(self, job_id, memory, duration, priority, checkpoint, width, seq):
        self.id, self.memory, self.remaining = job_id, memory, duration
        self.priority, self.checkpoint, self.width, self.seq = priority, checkpoint, width, seq
        self.state, self.start, self.end, self.gpus = "queued", None, None, []


class Scheduler:
    def __init__(self, gpu_memory):
        if not isinstance(gpu_memory, list) or not gpu_memory or not all(
                type(m) is int and m >= 1 for m in gpu_memory):
            raise ValueError("bad cluster")
        self.total = list(gpu_memory)
        self.free_mem = list(gpu_memory)
        self.jobs = {}
        self.waiting = []
        self.running = []
        self.now = 0
        self.finished = []

    def _ordered(self):
        return sorted(self.waiting, key=lambda j: (-j.priority, j.seq))

    def _fit(self, job):
        gs = [g for g, f in enumerate(self.free_mem) if f >= job.memory][: job.width]
        return gs if len(gs) == job.width else None

    def _start(self, job, gs, t):
        self.waiting.remove(job)
        self.running.append(job)
        job.state, job.start, job.end, job.gpus = "running", t, t + job.remaining, gs
        for g in gs:
            self.free_mem[g] -= job.memory

    def _stop(self, job):
        self.running.remove(job)
        for g in job.gpus:
            self.free_mem[g] += job.memory
        job.gpus = []

    def _dispatch(self, t):
        while self.waiting:
            head = self._ordered()[0]
            gs = self._fit(head)
            if gs is None:
                return
            self._start(head, gs, t)

    def _run(self, t):
        while self.running:
            at = min(j.end for j in self.running)
            if at > t:
                break
            batch = sorted((j for j in self.running if j.end == at), key=lambda j: j.id)
            for j in batch:
                self._stop(j)
                j.state = "done"
            self.finished += [j.id for j in batch]
            self.now = at
            self._dispatch(at)
        self.now = t

    def _check_time(self, t):
        if type(t) is not int or t < self.now:
            raise ValueError("bad time")

    def submit(self, time, job_id, memory, duration, priority=0, checkpoint=None, gpus=1):
        self._check_time(time)
        if not isinstance(job_id, str) or job_id in self.jobs:
            raise ValueError("bad id")
        for v in (memory, duration, gpus):
            if type(v) is not int or v < 1:
                raise ValueError("bad value")
        if type(priority) is not int:
            raise ValueError("bad priority")
        if checkpoint is not None and (type(checkpoint) is not int or checkpoint < 0):
            raise ValueError("bad checkpoint")
        if sum(1 for m in self.total if m >= memory) < gpus:
            raise ValueError("never fits")
        self._run(time)
        job = _Job(job_id, memory, duration, priority, checkpoint, gpus, len(self.jobs))
        self.jobs[job_id] = job
        self.waiting.append(job)
        self._dispatch(time)
        if job.state == "queued" and gpus == 1 and self._ordered()[0] is job:
            self._preempt(job, time)

    def _preempt(self, job, t):
        best = None
        for g in range(len(self.total)):
            cands = [r for r in self.running if g in r.gpus and r.checkpoint is not None
                     and r.priority < job.priority]
            cands.sort(key=lambda r: (r.priority, -r.start, -r.seq))
            freed, victims = self.free_mem[g], []
            for r in cands:
                if freed >= job.memory:
                    break
                victims.append(r)
                freed += r.memory
            if freed < job.memory:
                continue
            key = (sum(r.checkpoint for r in victims), len(victims), g)
            if best is None or key < best[0]:
                best = (key, g, victims)
        if best is None:
            return
        for r in best[2]:
            self._stop(r)
            r.remaining = r.remaining - (t - r.start) + r.checkpoint
            r.state, r.start, r.end = "queued", None, None
            self.waiting.append(r)
        self._start(job, [best[1]], t)
        self._dispatch(t)

    def advance(self, time):
        self._check_time(time)
        self._run(time)
        out, self.finished = self.finished, []
        return out

    def status(self, job_id):
        return self.jobs[job_id].state

    def placement(self, job_id):
        return list(self.jobs[job_id].gpus)

    def queue(self):
        return [j.id for j in self._ordered()]

    def free(self, gpu):
        return self.free_mem[gpu]

    def finish_time(self, job_id):
        return self.jobs[job_id].end

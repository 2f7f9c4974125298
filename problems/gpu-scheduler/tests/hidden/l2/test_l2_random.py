import random

import pytest


# ---------------------------------------------------------------------------
# A deliberately simple (slow) model of the whole specification, used to check
# random scenarios. It rescans everything on every step.
class Model:
    def __init__(self, memory):
        self.free = list(memory)
        self.jobs = {}
        self.finished = []
        self.seq = 0

    def _fit(self, j):
        gs = [g for g, f in enumerate(self.free) if f >= j["mem"]][: j["k"]]
        return gs if len(gs) == j["k"] else None

    def queue(self):
        waiting = [j for j in self.jobs.values() if j["state"] == "queued"]
        return sorted(waiting, key=lambda j: (-j["prio"], j["seq"]))

    def _start(self, j, gs, t):
        j.update(state="running", start=t, end=t + j["rem"], gpus=gs)
        for g in gs:
            self.free[g] -= j["mem"]

    def _stop(self, j):
        for g in j["gpus"]:
            self.free[g] += j["mem"]
        j["gpus"] = []

    def _dispatch(self, t):
        while True:
            q = self.queue()
            if not q:
                return
            gs = self._fit(q[0])
            if gs is None:
                return
            self._start(q[0], gs, t)

    def _run(self, t):
        while True:
            running = [j for j in self.jobs.values() if j["state"] == "running"]
            if not running:
                return
            at = min(j["end"] for j in running)
            if at > t:
                return
            batch = sorted((j for j in running if j["end"] == at), key=lambda j: j["id"])
            for j in batch:
                self._stop(j)
                j["state"] = "done"
            self.finished += [j["id"] for j in batch]
            self._dispatch(at)

    def submit(self, t, job_id, mem, dur, prio=0, ckpt=None, k=1):
        self._run(t)
        j = dict(id=job_id, mem=mem, rem=dur, prio=prio, ckpt=ckpt, k=k, seq=self.seq,
                 state="queued", start=None, end=None, gpus=[])
        self.seq += 1
        self.jobs[job_id] = j
        self._dispatch(t)
        if j["state"] == "queued" and k == 1 and self.queue()[0] is j:
            self._preempt(j, t)

    def _preempt(self, J, t):
        best = None
        for g in range(len(self.free)):
            cands = [r for r in self.jobs.values() if r["state"] == "running" and g in r["gpus"]
                     and r["ckpt"] is not None and r["prio"] < J["prio"]]
            cands.sort(key=lambda r: (r["prio"], -r["start"], -r["seq"]))
            freed, victims = self.free[g], []
            for r in cands:
                if freed >= J["mem"]:
                    break
                victims.append(r)
                freed += r["mem"]
            if freed < J["mem"]:
                continue
            key = (sum(r["ckpt"] for r in victims), len(victims), g)
            if best is None or key < best[0]:
                best = (key, g, victims)
        if best is None:
            return
        for r in best[2]:
            self._stop(r)
            r["rem"] = r["rem"] - (t - r["start"]) + r["ckpt"]
            r.update(state="queued", start=None, end=None)
        self._start(J, [best[1]], t)
        self._dispatch(t)

    def advance(self, t):
        self._run(t)
        out, self.finished = self.finished, []
        return out


def compare(s, m):
    assert s.queue() == [j["id"] for j in m.queue()]
    for g in range(len(m.free)):
        f = s.free(g)
        assert type(f) is int and f == m.free[g], g
    for job_id, j in m.jobs.items():
        st = s.status(job_id)
        assert type(st) is str and st == j["state"], job_id
        assert s.placement(job_id) == j["gpus"], job_id
        assert s.finish_time(job_id) == (None if j["state"] == "queued" else j["end"]), job_id


def run_random(seed, n_gpus, n_jobs, prios, ckpts, widths, check_every=7):
    from scheduler import Scheduler

    rng = random.Random(seed)
    mem = [rng.choice([8, 16, 24, 40, 80]) for _ in range(n_gpus)]
    s, m = Scheduler(mem), Model(mem)
    t = 0
    for i in range(n_jobs):
        t += rng.choice([0, 0, 1, 2, 3, 5, 10])
        if rng.random() < 0.2:
            got = s.advance(t)
            assert type(got) is list and got == m.advance(t)
            continue
        k = rng.choice(widths)
        big = sorted(mem, reverse=True)[k - 1]
        job = (t, f"j{i}", rng.randint(1, big), rng.randint(1, 30), rng.choice(prios),
               rng.choice(ckpts), k)
        kwargs = {}
        if job[4] != 0:
            kwargs["priority"] = job[4]
        if job[5] is not None:
            kwargs["checkpoint"] = job[5]
        if job[6] != 1:
            kwargs["gpus"] = job[6]
        assert s.submit(*job[:4], **kwargs) is None
        m.submit(*job)
        if i % check_every == 0:
            compare(s, m)
    t += 10**6
    assert s.advance(t) == m.advance(t)
    compare(s, m)


@pytest.mark.parametrize("seed", range(100, 108))
def test_random_priorities_against_model(seed):
    run_random(seed, n_gpus=4, n_jobs=200, prios=[-2, 0, 0, 1, 3, 7], ckpts=[None], widths=[1])

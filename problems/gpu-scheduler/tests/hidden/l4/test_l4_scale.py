"""Scale: a day on a 64-GPU cluster. Jobs arrive much faster than they finish, so
thousands wait while about a hundred run. Each event must cost about O(log n)
(plus the GPU scan of a placement): rescanning all jobs, all waiting jobs or all
running jobs per event is far too slow.

The expected digest was computed with the reference solution and cross-checked
against a brute-force model of the specification."""

import hashlib
import random

from scheduler import Scheduler

GPUS = 64
JOBS = 8_000
EXPECTED_DIGEST = "efd01d8c84862b3fab5bb64c90ae13596ae3b1684769e0271bb4dc7ecf451353"


def test_busy_cluster_day():
    rng = random.Random(4242)
    memory = [rng.choice([40, 80]) for _ in range(GPUS)]
    s = Scheduler(memory)
    log = []
    urgent = 0
    for i in range(JOBS):
        t = i // 4
        if i % 500 == 250:
            urgent += 1                                # strictly higher than everything waiting
            s.submit(t, f"u{i}", memory=rng.randint(20, 40), duration=rng.randint(5, 50),
                     priority=100 + urgent)
        else:
            width = 1 if rng.random() < 0.97 else rng.randint(2, 4)
            kwargs = {"priority": rng.randint(0, 3)}
            if rng.random() < 0.3:
                kwargs["checkpoint"] = rng.randint(0, 20)
            if width > 1:
                kwargs["gpus"] = width
            s.submit(t, f"j{i}", memory=rng.randint(4, 40), duration=rng.randint(50, 400),
                     **kwargs)
        if i % 250 == 0:
            done = s.advance(t)
            assert type(done) is list
            log.append(f"{t}:{','.join(done)}")
        if i % 3000 == 2999:
            log.append(f"q{len(s.queue())}")
    end = JOBS // 4 + 10**7
    done = s.advance(end)
    log.append(f"{end}:{','.join(done)}")
    assert s.queue() == []
    assert [s.free(g) for g in range(GPUS)] == memory
    finish = [s.finish_time(f"u{i}" if i % 500 == 250 else f"j{i}") for i in range(JOBS)]
    assert all(type(f) is int for f in finish)
    log.append(",".join(map(str, finish)))
    digest = hashlib.sha256("\n".join(log).encode()).hexdigest()
    assert digest == EXPECTED_DIGEST

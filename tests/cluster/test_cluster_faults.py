"""What the cluster survives, with real Docker grades: a worker SIGKILLed mid-grade, a broker
restart, a database restart, a poison job.  Each test kills only processes it started."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from cluster_support import Cluster, Workers, harness, until

pytestmark = [pytest.mark.cluster, pytest.mark.docker]

FULL = 200.0  # the demo problem's points


def _good(workers: Workers, folder: Path, count: int, *, slow: float = 0.0) -> list[str]:
    names = []
    for i in range(count):
        sub = shutil.copytree(workers.problems / "demo" / "solution", folder / f"g{i:02d}")
        if slow:
            words = sub / "words.py"
            words.write_text(f"import time\ntime.sleep({slow})\n" + words.read_text())
        names.append(str(sub))
    return names


def _detach(cluster: Cluster, workers: Workers, subs: list[str]) -> str:
    sent = harness(cluster, workers.problems, "grade", "demo", *subs, "--engine", "celery",
                   "--detach")
    assert sent.returncode == 0, sent.stderr
    return sent.stdout.strip()


def _results(cluster: Cluster, batch: str) -> list[tuple[Any, ...]]:
    return cluster.query_patiently(
        "SELECT s.name, r.score, r.problem, r.attempt, r.worker FROM results r "
        "JOIN submissions s ON s.id = r.submission_id WHERE r.batch_id = %s ORDER BY s.name", batch)


def _complete(cluster: Cluster, batch: str, total: int, within: float) -> list[tuple[Any, ...]]:
    until(lambda: len(_results(cluster, batch)) >= total, within, f"{total} results", every=0.5)
    time.sleep(1.0)  # a second write, if one could slip through, would land now
    return _results(cluster, batch)


def _containers_of(worker: str) -> list[Any]:
    import docker

    return docker.from_env().containers.list(all=True, filters={"label": f"io.harness.worker={worker}"})


def test_a_worker_killed_mid_grade_is_graded_again_once(cluster: Cluster, workers: Workers,
                                                        tmp_path: Path) -> None:
    victim = workers.start("victim")
    batch = _detach(cluster, workers, _good(workers, tmp_path / "subs", 1, slow=1.5))
    until(lambda: _containers_of("victim"), 120, "the victim's grading container")
    workers.kill(victim)  # SIGKILL: no ack, no cleanup, its container stays behind
    assert _containers_of("victim"), "the killed worker's container should be left behind"
    workers.start("rescuer")
    ((_name, score, problem, attempt, by),) = _complete(cluster, batch, 1, 240)
    assert (attempt, by, problem) == (2, "rescuer", "")  # the second attempt, another worker
    assert score > 0
    restarted = workers.start("victim")  # same name: it removes what its killed run left
    until(lambda: "removed 1 leftover container" in restarted.text(), 60, "the cleanup")
    assert not _containers_of("victim")


def test_a_broker_restart_mid_batch_loses_and_doubles_nothing(
        cluster: Cluster, workers: Workers, tmp_path: Path) -> None:
    for name in ("b1", "b2"):
        workers.start(name)
    subs = _good(workers, tmp_path / "subs", 6)
    batch = _detach(cluster, workers, subs)
    until(lambda: _results(cluster, batch), 180, "a first result")
    assert len(_results(cluster, batch)) < len(subs), "the outage must come mid-batch"
    cluster.services.ctl("stop_app")
    try:
        time.sleep(3)  # the outage: workers lose the broker mid-batch
    finally:
        cluster.services.ctl("start_app")
    rows = _complete(cluster, batch, 6, 300)
    assert [r[0] for r in rows] == sorted(subs)  # each once (results are one per submission)
    assert all(r[1] == FULL and r[2] == "" for r in rows), rows
    assert all(w.process.poll() is None for w in workers.started)  # they rode it out


def test_a_database_restart_mid_batch_loses_and_doubles_nothing(
        cluster: Cluster, workers: Workers, tmp_path: Path) -> None:
    for name in ("d1", "d2"):
        workers.start(name)
    subs = _good(workers, tmp_path / "subs", 6)
    batch = _detach(cluster, workers, subs)
    until(lambda: _results(cluster, batch), 180, "a first result")
    assert len(_results(cluster, batch)) < len(subs), "the restart must come mid-batch"
    cluster.services.pg("restart")
    rows = _complete(cluster, batch, 6, 300)
    assert [r[0] for r in rows] == sorted(subs)
    assert all(r[1] == FULL and r[2] == "" for r in rows), rows
    logs = "".join(w.text() for w in workers.started)
    assert all(w.process.poll() is None for w in workers.started), logs[-3000:]


def test_a_poison_job_is_dead_lettered_and_the_batch_completes(
        cluster: Cluster, workers: Workers, tmp_path: Path) -> None:
    from harness.distributed.app import DELIVERY_LIMIT

    subs = _good(workers, tmp_path / "subs", 3)
    poison = shutil.copytree(workers.problems / "demo" / "solution", tmp_path / "subs" / "poison")
    batch = _detach(cluster, workers, [*subs, str(poison)])
    # Not waited for: a worker may take the poison, and die, right as it becomes ready.
    live = {name: workers.start(name, wait=False, HARNESS_TEST_POISON="poison")
            for name in ("p1", "p2")}
    deaths = 0
    deadline = time.monotonic() + 400
    while len(_results(cluster, batch)) < 4:  # restart whatever the poison killed (bounded)
        assert time.monotonic() < deadline, "the batch did not complete"
        for name, worker in live.items():
            if worker.process.poll() is not None:
                assert worker.process.returncode == 86, worker.text()[-2000:]
                deaths += 1
                live[name] = workers.start(name, wait=False, HARNESS_TEST_POISON="poison")
        time.sleep(0.5)
    rows = {Path(r[0]).name: r for r in _complete(cluster, batch, 4, 60)}
    assert "could not be graded" in rows["poison"][2] and "dead-lettered" in rows["poison"][2]
    assert deaths >= DELIVERY_LIMIT  # RabbitMQ, not the worker, counted the deliveries
    assert all(rows[Path(s).name][1] == FULL for s in subs), rows

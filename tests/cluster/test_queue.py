"""The cluster's queue and record with a trivial grader (the documented test hook): volume,
duplicates, package digests.  Real RabbitMQ, real PostgreSQL, real `harness worker`s."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from cluster_support import Cluster, Workers, harness, until

pytestmark = [pytest.mark.cluster]


def _subs(folder: Path, count: int) -> list[str]:
    names = []
    for i in range(count):
        sub = folder / f"s{i:03d}"
        sub.mkdir(parents=True)
        (sub / "solution.py").write_text(f"ANSWER = {i}\n")
        names.append(str(sub))
    return names


def test_fan_out_four_workers_two_hundred_submissions(
        cluster: Cluster, workers: Workers, tmp_path: Path, figure: Callable[[str], None]) -> None:
    for i in range(4):
        workers.start(f"fan{i}", concurrency=2, HARNESS_TEST_GRADER="trivial:0.02")
    subs = _subs(tmp_path / "subs", 200)
    done = harness(cluster, workers.problems, "grade", "demo", *subs, "--engine", "celery",
                   "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["submissions"]
    assert sorted(r["submission"] for r in rows) == sorted(subs)
    assert all(r["score"] == 1.0 for r in rows)
    per_sub = cluster.query("SELECT count(*) FROM results GROUP BY submission_id")
    assert len(per_sub) == 200 and {n for (n,) in per_sub} == {1}
    by_worker = dict(cluster.query("SELECT worker, count(*) FROM results GROUP BY worker"))
    assert set(by_worker) == {f"fan{i}" for i in range(4)}, by_worker  # every worker took part
    figure(f"cluster fan-out: 200 trivial grades over 4 workers, per worker {sorted(by_worker.values())}")


def test_the_same_message_published_twice_counts_once(cluster: Cluster, workers: Workers,
                                                       tmp_path: Path) -> None:
    from harness.distributed.app import make_app, publish

    for name in ("dup1", "dup2"):
        workers.start(name, HARNESS_TEST_GRADER="trivial:2")
    (sub,) = _subs(tmp_path / "subs", 1)
    sent = harness(cluster, workers.problems, "grade", "demo", sub, "--engine", "celery",
                   "--detach")
    assert sent.returncode == 0, sent.stderr
    batch = sent.stdout.strip()
    ((sid,),) = cluster.query("SELECT id FROM submissions WHERE batch_id = %s", batch)
    until(lambda: cluster.query("SELECT attempt FROM submissions WHERE id = %s", sid)[0][0] >= 1,
          30, "the first delivery's claim")
    publish(make_app(cluster.broker), [sid])  # the very same message again, mid-grade
    status = harness(cluster, workers.problems, "batch", "status", batch)
    until(lambda: harness(cluster, workers.problems, "batch", "status", batch).returncode == 0,
          60, "the batch to complete")
    assert status.returncode == 1  # it was still running when the duplicate went out
    results = cluster.query("SELECT attempt, worker FROM results WHERE submission_id = %s", sid)
    ((attempt, owner),) = cluster.query("SELECT attempt, worker FROM submissions WHERE id = %s", sid)
    assert attempt == 2  # both deliveries claimed the row, one after the other
    assert results == [(2, owner)]  # one score, written by the attempt that owned the row
    until(lambda: "a later attempt owns it; dropped" in "".join(w.text() for w in workers.started),
          30, "the first attempt to give up its result")
    rows = json.loads(harness(cluster, workers.problems, "batch", "results", batch,
                              "--json").stdout)["submissions"]
    assert len(rows) == 1 and rows[0]["score"] == 1.0


def test_a_worker_with_another_package_does_not_grade(cluster: Cluster, workers: Workers,
                                                       tmp_path: Path) -> None:
    other = tmp_path / "other-problems"
    shutil.copytree(workers.problems, other)
    statement = next((other / "demo").rglob("*.md"))
    statement.write_text(statement.read_text() + "\nchanged on this worker only\n")
    workers.problems, original = other, workers.problems
    workers.start("drift", HARNESS_TEST_GRADER="trivial")
    (sub,) = _subs(tmp_path / "subs", 1)
    done = harness(cluster, original, "grade", "demo", sub, "--engine", "celery", "--json")
    assert done.returncode == 1, done.stderr
    (row,) = json.loads(done.stdout)["submissions"]
    assert "different package of demo" in row["problem"], row


def test_unreachable_broker_and_database_are_exit_3_with_a_hint(
        cluster: Cluster, workers: Workers, tmp_path: Path) -> None:
    (sub,) = _subs(tmp_path / "subs", 1)
    dead = "amqp://guest:guest@127.0.0.1:1//"
    no_broker = harness(cluster, workers.problems, "grade", "demo", sub, "--engine", "celery",
                        "--broker", dead, timeout=120)
    assert no_broker.returncode == 3, no_broker
    assert "error: the broker at" in no_broker.stderr and "hint:" in no_broker.stderr
    assert "Traceback" not in no_broker.stderr
    no_db = harness(cluster, workers.problems, "grade", "demo", sub, "--engine", "celery",
                    "--database", "postgresql://postgres@127.0.0.1:1/x", timeout=120)
    assert no_db.returncode == 3 and "error: the database at" in no_db.stderr, no_db
    assert "hint:" in no_db.stderr
    worker = harness(cluster, workers.problems, "--backend", "local", "worker", "--database",
                     "postgresql://postgres@127.0.0.1:1/x", timeout=120)
    assert worker.returncode == 3 and "error: the database at" in worker.stderr, worker


def test_the_record_reuses_its_connection_and_replaces_one_the_server_dropped(
        cluster: Cluster) -> None:
    from harness.distributed.record import Record

    others = ("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
              "AND pid <> pg_backend_pid()")
    record = Record(cluster.database)
    record.ensure_schema()
    for _ in range(5):
        assert record.recent_batches() == []
    (pooled,) = cluster.query(others)  # five calls, one connection
    cluster.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = %s",
                  pooled[0])  # what a restart does to every idle connection
    until(lambda: not cluster.query(others), 10, "the backend to end")
    assert record.status("0" * 32) is None  # tried again on a fresh connection, no error
    assert cluster.query(others) != [pooled]
    record.close()


@pytest.mark.parametrize("isolation", ["process", "inprocess"])
def test_batch_results_say_what_grade_said_about_forging(cluster: Cluster, workers: Workers,
                                                         tmp_path: Path, isolation: str) -> None:
    """The batch keeps its problem's isolation: `batch results` (later, from another
    shell) warns that an inprocess batch's verdicts are forgeable, as `grade` did."""
    spec = workers.problems / "demo" / "problem.yaml"
    text = spec.read_text()
    spec.write_text(text.replace("mode: pytest", f"mode: pytest\nisolation: {isolation}", 1))
    workers.start("iso", HARNESS_TEST_GRADER="trivial:0.01")
    (sub,) = _subs(tmp_path / "subs", 1)
    graded = harness(cluster, workers.problems, "grade", "demo", sub, "--engine", "celery", "--json")
    assert graded.returncode == 0, graded.stderr
    said = json.loads(graded.stdout)
    ((batch,),) = cluster.query("SELECT id FROM batches")
    later = harness(cluster, workers.problems, "batch", "results", batch, "--json")
    again = json.loads(later.stdout)
    assert (again["isolation"], again["forgeable"]) == (said["isolation"], said["forgeable"])
    assert again["forgeable"] is (isolation == "inprocess")
    text_out = harness(cluster, workers.problems, "batch", "results", batch)
    assert ("not tamper-proof" in text_out.stderr) is (isolation == "inprocess"), text_out.stderr

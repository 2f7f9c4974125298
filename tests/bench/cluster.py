"""`make bench`, cluster part: batch throughput of `harness grade --engine celery` at 1, 2 and 4
workers, on 200 trivial grades (the documented test grader, 0.1 s of waiting each) and on the
40 real kv-store submissions of the local grade row.  Starts its own private RabbitMQ and
PostgreSQL (sandbox/ensure-services.sh) and stops exactly them at the end.

Writes `benchmarks-cluster.json` at the top of the checkout and prints a table.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench.bench import _submissions
from tests.cluster.cluster_support import start_services, stop_services

ROOT = Path(__file__).resolve().parents[2]
HARNESS = [sys.executable, "-m", "harness.cli"]
COUNTS = (1, 2, 4)
TRIVIAL = "trivial:0.1"  # a grade that waits (as a worker waits on its container), no CPU


def _workers(count: int, env: dict[str, str], logs: Path) -> list[subprocess.Popen[bytes]]:
    started = []
    for i in range(count):
        log = (logs / f"w{count}-{i}.log").open("wb")
        started.append(subprocess.Popen([*HARNESS, "worker", "--name", f"bench-{count}-{i}"],
                                        env=env, stdout=log, stderr=subprocess.STDOUT))
    deadline = time.monotonic() + 120
    while not all("ready." in (logs / f"w{count}-{i}.log").read_text() for i in range(count)):
        assert time.monotonic() < deadline, "workers did not become ready"
        time.sleep(0.2)
    return started


def _stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        worker.wait(timeout=60)


def _batch(subs: list[Path], env: dict[str, str], problem: str) -> tuple[float, list[Any]]:
    started = time.perf_counter()
    done = subprocess.run([*HARNESS, "grade", problem, *map(str, subs), "--engine", "celery",
                           "--json"], env=env, capture_output=True, text=True, timeout=3600,
                          check=False)
    seconds = time.perf_counter() - started
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return seconds, json.loads(done.stdout)["submissions"]


def _row(what: str, subs: list[Path], env: dict[str, str], logs: Path,
         problem: str) -> dict[str, Any]:
    seconds = {}
    for count in COUNTS:
        workers = _workers(count, env, logs)
        try:
            seconds[count], rows = _batch(subs, env, problem)
        finally:
            _stop(workers)
        assert len(rows) == len(subs)
        print(f"{what}: {count} worker(s) {seconds[count]:.1f} s", flush=True)
    return {"what": what, "seconds": seconds, "per_second": {n: len(subs) / s for n, s in
                                                              seconds.items()},
            "speedup_1_to_4": seconds[1] / seconds[4]}


def main() -> int:
    services = start_services("harness-bench-services-")
    amqp, pg = services.amqp_port, services.pg_port
    scratch = Path(tempfile.mkdtemp(prefix="harness-bench-cluster-"))
    env = dict(os.environ, HARNESS_HOME=str(scratch / "home"), NO_COLOR="1",
               HARNESS_BROKER_URL=f"amqp://guest:guest@127.0.0.1:{amqp}//",
               HARNESS_DATABASE_URL=f"postgresql://postgres@127.0.0.1:{pg}/postgres")
    try:
        real, _tests = _submissions(scratch)
        trivial = []
        for i in range(200):
            (scratch / "trivial" / f"t{i:03d}").mkdir(parents=True)
            trivial.append(scratch / "trivial" / f"t{i:03d}")
        rows = [_row("200 trivial grades (0.1 s wait each)", trivial,
                     dict(env, HARNESS_TEST_GRADER=TRIVIAL), scratch, "kv-store"),
                _row("40 real grades, kv-store", real, env, scratch, "kv-store")]
    finally:
        stop_services(services)
    report = {"machine": {"cores": os.cpu_count()}, "rows": rows}
    (ROOT / "benchmarks-cluster.json").write_text(json.dumps(report, indent=2) + "\n")
    for row in rows:
        cells = ", ".join(f"{n} worker(s) {s:.1f} s" for n, s in row["seconds"].items())
        print(f"{row['what']}: {cells}; 1 -> 4 workers x{row['speedup_1_to_4']:.2f}")
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

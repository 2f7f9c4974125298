"""Helpers of the cluster tests (fixtures in conftest.py).

A private RabbitMQ node and PostgreSQL cluster for the whole test session, started for real
by sandbox/ensure-services.sh on free loopback ports under the session's temp dir, and
stopped (only them) at the end.  Each test gets a vhost and a database of its own, and
workers that are real `harness worker` subprocesses, killed only by the test that started them.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "sandbox" / "ensure-services.sh"
HARNESS = [sys.executable, "-m", "harness.cli"]


# Below the kernel's ephemeral range (32768-60999 by default): an outgoing connection of any
# process on the machine can take a port in that range between our check and the bind.
PORTS = range(20000, 32000)
START_TRIES = 3  # a start that lost its ports to another run is tried again on fresh ones


def free_port(span: int, *, avoid: range = range(0)) -> int:
    """A port such that it and the next ``span - 1`` are free on loopback (bounded tries)."""
    for _ in range(200):
        base = random.randrange(PORTS.start, PORTS.stop - span)
        wanted = range(base, base + span)
        if not set(wanted) & set(avoid) and all(_is_free(port) for port in wanted):
            return base
    raise RuntimeError("no free port range on loopback")


def _is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def start_services(prefix: str, parent: Path | None = None) -> Services:
    """A private broker and database in a new folder, on free ports; tried again (bounded)
    on fresh ports and a fresh folder if another run took the ports first."""
    failures = []
    for _ in range(START_TRIES):
        # Not under pytest's basetemp: it is private (0700), and the services run as their
        # own users.  TMPDIR is each run's own (ENVIRONMENT.md), so are the folders in it.
        data = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        data.chmod(0o755)
        amqp = free_port(3)  # AMQP, Erlang distribution, the node's own epmd
        found = Services(data, amqp, free_port(1, avoid=range(amqp, amqp + 3)))
        started = subprocess.run(["bash", str(SCRIPT), "start", str(data), str(amqp),
                                  str(found.pg_port)], capture_output=True, text=True,
                                 timeout=300, check=False)
        if started.returncode == 0:
            return found
        failures.append(started.stderr[-1500:])
        stop_services(found)
    raise AssertionError("services did not start: " + "\n---\n".join(failures))


def stop_services(services: Services) -> None:
    """Stop exactly the broker and database started in ``services.data``, and remove it."""
    subprocess.run(["bash", str(SCRIPT), "stop", str(services.data)], capture_output=True,
                   timeout=120, check=False)
    shutil.rmtree(services.data, ignore_errors=True)


@dataclass(frozen=True)
class Services:
    """The session's broker and database, and how to poke them."""

    data: Path
    amqp_port: int
    pg_port: int

    def ctl(self, *args: str) -> str:
        done = subprocess.run(["bash", str(SCRIPT), "ctl", str(self.data), *args],
                              capture_output=True, text=True, timeout=120, check=True)
        return done.stdout

    def pg(self, *args: str) -> None:
        subprocess.run(["bash", str(SCRIPT), "pg", str(self.data), *args],
                       capture_output=True, text=True, timeout=120, check=True)

    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.pg_port}/postgres"


@dataclass(frozen=True)
class Cluster:
    """One test's vhost and database on the session's services."""

    services: Services
    broker: str
    database: str

    def env(self, **extra: str) -> dict[str, str]:
        return dict(os.environ, HARNESS_BROKER_URL=self.broker, HARNESS_DATABASE_URL=self.database,
                    NO_COLOR="1", **extra)

    def query(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.database, connect_timeout=5) as conn:
            return conn.execute(sql, args).fetchall()

    def query_patiently(self, sql: str, *args: Any, within: float = 60) -> list[tuple[Any, ...]]:
        """The query, retried while the database restarts (bounded)."""
        deadline = time.monotonic() + within
        while True:
            try:
                return self.query(sql, *args)
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)


@dataclass
class Worker:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def text(self) -> str:
        return self.log.read_text(errors="replace")


@dataclass
class Workers:
    """`harness worker` subprocesses of one test; only these are ever signalled."""

    cluster: Cluster
    problems: Path
    folder: Path
    started: list[Worker] = field(default_factory=list)

    def start(self, name: str, *, concurrency: int = 1, wait: bool = True, **env: str) -> Worker:
        log = self.folder / f"{name}.{len(self.started)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*HARNESS, "--problems-dir", str(self.problems), "worker", "--name", name,
                 "--concurrency", str(concurrency)],
                env=self.cluster.env(**env), stdout=out, stderr=subprocess.STDOUT, cwd=self.folder)
        worker = Worker(name, process, log)
        self.started.append(worker)
        if wait:
            until(lambda: "ready." in worker.text() or process.poll() is not None, 60,
                  f"worker {name} ready")
            assert process.poll() is None, worker.text()[-3000:]
        return worker

    def kill(self, worker: Worker) -> None:
        worker.process.send_signal(signal.SIGKILL)
        worker.process.wait(timeout=30)

    def stop_all(self) -> None:
        for worker in self.started:
            if worker.process.poll() is None:
                worker.process.send_signal(signal.SIGTERM)
        for worker in self.started:
            try:
                worker.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait(timeout=10)


def until(condition: Callable[[], object], within: float, what: str, every: float = 0.2) -> None:
    """Wait (bounded) until ``condition()`` is true."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {within:g} s waiting for {what}")
        time.sleep(every)


def harness(cluster: Cluster, problems: Path, *args: str, timeout: float = 300,
            **env: str) -> subprocess.CompletedProcess[str]:
    """The real CLI, in a subprocess, against the test's cluster."""
    return subprocess.run([*HARNESS, "--problems-dir", str(problems), *args],
                          env=cluster.env(**env), capture_output=True, text=True,
                          timeout=timeout, check=False)

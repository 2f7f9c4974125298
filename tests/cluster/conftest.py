"""Fixtures of the cluster tests: the session's services, a vhost and database per test,
and the test's own `harness worker` subprocesses (see cluster_support.py)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from cluster_support import HARNESS, SCRIPT, Cluster, Services, Workers, free_port


@pytest.fixture(scope="session")
def services() -> Iterator[Services]:
    # Not under pytest's basetemp: it is private (0700), and the services run as their own users.
    data = Path(tempfile.mkdtemp(prefix="harness-services-"))
    data.chmod(0o755)
    amqp, pg = free_port(3), free_port(1)
    started = subprocess.run(["bash", str(SCRIPT), "start", str(data), str(amqp), str(pg)],
                             capture_output=True, text=True, timeout=300, check=False)
    found = Services(data, amqp, pg)
    try:
        assert started.returncode == 0, f"services did not start: {started.stderr[-3000:]}"
        yield found
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(data)], capture_output=True,
                       timeout=120, check=False)
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture
def cluster(services: Services) -> Cluster:
    name = f"t{uuid.uuid4().hex[:12]}"
    services.ctl("add_vhost", name)
    services.ctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
    with psycopg.connect(services.admin_url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return Cluster(services, f"amqp://guest:guest@127.0.0.1:{services.amqp_port}/{name}",
                   f"postgresql://postgres@127.0.0.1:{services.pg_port}/{name}")


@pytest.fixture
def workers(cluster: Cluster, tmp_path: Path) -> Iterator[Workers]:
    problems = tmp_path / "problems"
    subprocess.run([*HARNESS, "new", "demo", "--into", str(problems)], check=True,
                   capture_output=True)
    group = Workers(cluster, problems, tmp_path)
    yield group
    group.stop_all()



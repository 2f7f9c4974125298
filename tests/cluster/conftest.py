"""Fixtures of the cluster tests: the session's services, a vhost and database per test,
and the test's own `harness worker` subprocesses (see cluster_support.py)."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from cluster_support import HARNESS, Cluster, Services, Workers, start_services, stop_services


@pytest.fixture(scope="session")
def services() -> Iterator[Services]:
    found = start_services("harness-services-")
    try:
        yield found
    finally:
        stop_services(found)


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



"""Two runs on one machine (a developer's and CI's) never share or stop each other's services,
and `stop` leaves nothing of its own behind (no node, no epmd, no PostgreSQL)."""

from __future__ import annotations

import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg
import pytest
from cluster_support import SCRIPT, Services, start_services, stop_services, until

pytestmark = [pytest.mark.cluster]


def _processes_of(folder: Path) -> list[int]:
    """Processes whose command line or environment names ``folder`` (the services' own)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            seen = (proc / "cmdline").read_bytes() + (proc / "environ").read_bytes()
        except OSError:
            continue
        if str(folder).encode() in seen:
            found.append(int(proc.name))
    return found


def test_a_second_run_on_the_same_ports_fails_and_leaves_the_first_running(
        services: Services) -> None:
    other = Path(tempfile.mkdtemp(prefix="harness-services-other-", dir=services.data.parent))
    other.chmod(0o755)
    clash = subprocess.run(["bash", str(SCRIPT), "start", str(other), str(services.amqp_port),
                            str(services.pg_port)], capture_output=True, text=True,
                           timeout=300, check=False)
    subprocess.run(["bash", str(SCRIPT), "stop", str(other)], capture_output=True, text=True,
                   timeout=120, check=False)  # what a failed start is cleaned up with
    assert clash.returncode != 0, "a second node on the same ports must not start"
    until(lambda: not _processes_of(other), 30, "the failed run's processes to end")
    # The first run's node (its epmd too) and cluster still answer.
    name = f"x{uuid.uuid4().hex[:8]}"
    services.ctl("add_vhost", name)
    services.ctl("delete_vhost", name)
    with psycopg.connect(services.admin_url(), connect_timeout=5) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_stop_ends_every_process_it_started(services: Services) -> None:
    mine = start_services("harness-services-stop-", services.data.parent)
    assert _processes_of(mine.data), "nothing was started"
    stop_services(mine)
    until(lambda: not _processes_of(mine.data), 30, "the node, its epmd and PostgreSQL to end")
    assert services.ctl("list_vhosts")  # the session's own are untouched

"""The supervisor's sweep of a uid counts live processes only.

A zombie (a process that exited and waits for its parent's wait) holds its uid in
/proc but runs nothing and cannot be signalled away: counting it made every sweep of
a uid with an unreaped child spin through all of its kill rounds (20 rounds, 5 ms
apart) after each test.  These tests run as root: they need a uid to drop to.
"""

from __future__ import annotations

import os
import time
from typing import Any

from validators.supervisor import _uid_pids, drop_to, sweep_uid

UID = 64_917  # a uid no account on the machine uses


def _zombie_of(uid: int) -> int:
    """A child that became ``uid`` and exited, not yet waited for."""
    pid = os.fork()
    if pid == 0:
        try:
            drop_to(uid)
        finally:
            os._exit(0)
    for _ in range(400):  # until the kernel marks it a zombie
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            if any(line.startswith("State:") and "Z" in line for line in fh):
                return pid
        time.sleep(0.005)
    raise AssertionError("the child never exited")


def test_a_zombie_is_not_a_live_process_of_its_uid(require: Any) -> None:
    require(os.geteuid() == 0, "dropping a child to another uid needs root")
    pid = _zombie_of(UID)
    try:
        assert pid not in _uid_pids(UID)
    finally:
        os.waitpid(pid, 0)


def test_sweep_ends_a_live_process_and_skips_a_zombie(require: Any) -> None:
    require(os.geteuid() == 0, "dropping a child to another uid needs root")
    zombie = _zombie_of(UID)
    live = os.fork()
    if live == 0:
        try:
            drop_to(UID)
            time.sleep(60)
        finally:
            os._exit(0)
    try:
        for _ in range(400):
            if live in _uid_pids(UID):
                break
            time.sleep(0.005)
        assert _uid_pids(UID) == {live}
        sweep_uid(UID)
        _, status = os.waitpid(live, 0)
        assert os.WIFSIGNALED(status)
    finally:
        os.waitpid(zombie, 0)


def test_runs_that_start_together_spread_over_idle_cpus(monkeypatch: Any) -> None:
    """pick_cpu chooses among the nearly least busy CPUs at random: two runs that
    sample the same idle machine at once do not both land on the first CPU."""
    from validators import supervisor

    monkeypatch.setattr(supervisor.os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setattr(supervisor, "_busy_times", lambda: {0: (0, 0), 1: (0, 0)})
    assert {supervisor.pick_cpu() for _ in range(64)} == {0, 1}
    samples = iter([{0: (0, 0), 1: (0, 0)}, {0: (100, 100), 1: (0, 100)}] * 64)
    monkeypatch.setattr(supervisor, "_busy_times", lambda: next(samples))
    assert {supervisor.pick_cpu() for _ in range(64)} == {1}  # CPU 0 was busy throughout

"""`harness gc`: find and remove what a killed CLI or a crash left behind."""

from __future__ import annotations

import os
import shutil
import time
from typing import Any

from harness.errors import EXIT_OK
from harness.output import console, emit_json
from harness.paths import harness_home, runs_dir
from harness.store import Store

__all__ = ["collect_garbage"]

SCRATCH_AGE = 3600  # seconds: a scratch folder this old belongs to no live run


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stray_containers() -> list[str]:
    from harness.sandbox.docker_client import connect, remove_id, strays

    sessions = [s for s in Store().sessions() if s.ended is None]
    live = {s.container for s in sessions if s.container}
    live_ids = {s.id for s in sessions}
    daemon = connect()
    removed = []
    for stray in strays(daemon):
        dead_run = stray.kind == "run" and not _pid_alive(stray.owner_pid)
        dead_session = (stray.kind == "session" and stray.id not in live) or \
                       (stray.kind == "warm" and stray.session not in live_ids)
        if dead_run or dead_session:
            remove_id(daemon, stray.id)
            removed.append(f"container {stray.name} ({stray.kind})")
    return removed


def _owner(folder_name: str) -> int:
    """The pid in a scratch folder's name (``grade-PID-xxxx``), 0 if none."""
    parts = folder_name.split("-")
    return int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else 0


def _stale_scratch() -> list[str]:
    root = runs_dir()
    if not root.is_dir():
        return []
    removed = []
    for folder in root.iterdir():
        owner = _owner(folder.name)
        old = time.time() - folder.stat().st_mtime > SCRATCH_AGE
        if (owner and not _pid_alive(owner)) or (not owner and old):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(f"scratch folder {folder}")
    return removed


def _stale_warm() -> list[str]:
    """Folders of ready containers whose session has ended."""
    root = harness_home() / "warm"
    if not root.is_dir():
        return []
    live = {s.id for s in Store().sessions() if s.ended is None}
    removed = []
    for folder in root.iterdir():
        if folder.name not in live:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(f"ready-container folder {folder}")
    return removed


def collect_garbage(*, as_json: bool) -> int:
    """Remove stray containers and stale scratch folders; say what went."""
    from harness.errors import SandboxUnavailable

    removed: list[str] = []
    notes: list[str] = []
    try:
        removed += _stray_containers()
    except SandboxUnavailable as exc:
        notes.append(f"containers not checked: {exc.message}")
    removed += _stale_scratch() + _stale_warm()
    data: dict[str, Any] = {"removed": removed, "notes": notes}
    if as_json:
        emit_json(data)
        return EXIT_OK
    out = console()
    for line in removed:
        out.print(f"removed {line}")
    for note in notes:
        out.print(f"[yellow]{note}[/]")
    if not removed:
        out.print("nothing to remove")
    return EXIT_OK

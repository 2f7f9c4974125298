"""A candidate's timed session: workspace, deadline, unlocked levels, the bell, the score."""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.catalog import Catalog
from harness.errors import NoSession, SessionExpired, UsageError
from harness.paths import harness_home, private_dir, write_private
from harness.spec import Problem, load_problem
from harness.store import Store, StoredSession

__all__ = ["MARKER", "Active", "bell_dir", "bell_rang", "create_workspace", "find_session",
           "frozen_dir", "prepare_bell_dir", "unlock_next"]

MARKER = Path(".harness") / "session.json"


@dataclass(frozen=True)
class Active:
    """A session found from a workspace, with its problem loaded."""

    row: StoredSession
    problem: Problem

    @property
    def workspace(self) -> Path:
        return Path(self.row.workspace)

    def unlocked_levels(self) -> list[str]:
        return [lv.id for lv in self.problem.spec.levels[: self.row.unlocked]]

    @property
    def current_level(self) -> str:
        return self.unlocked_levels()[-1]


def session_dir(session_id: str) -> Path:
    return harness_home() / "sessions" / session_id


def bell_dir(session_id: str) -> Path:
    """The host folder the bell writes into: mounted under a root-only 0700 tmpfs in the
    session container (``/sealed/bell``), so the runner uid can never reach it."""
    return session_dir(session_id) / "bell"


def frozen_dir(session_id: str) -> Path:
    """Where the bell puts the workspace copy that `submit` grades after the deadline."""
    return bell_dir(session_id) / "frozen"


def bell_rang(session_id: str) -> Path:
    """Written by the bell after the whole copy (it holds what the copy skipped)."""
    return bell_dir(session_id) / "rang"


def prepare_bell_dir(session_id: str) -> Path:
    """The session's folders, 0700.  The bell is the container's root without
    CAP_DAC_OVERRIDE: it can write only into a folder that root owns.  Run as root,
    the harness makes that folder itself, 0700; otherwise the Docker daemon creates
    the mount's missing source folder, root-owned 0755, and the 0700 session folder
    around it keeps other users out (the harness then reads the copy as "other")."""
    folder = bell_dir(session_id)
    private_dir(folder if os.geteuid() == 0 else folder.parent)
    return folder


def _here(start: Path | None) -> Path:
    try:
        return (start or Path.cwd()).resolve()
    except FileNotFoundError as exc:
        raise NoSession("the current folder no longer exists (was the workspace deleted?)",
                        hint="cd to an existing workspace, or see `harness history`") from exc


def find_session(start: Path | None = None, store: Store | None = None) -> Active:
    """The session of the workspace containing ``start`` (default: the current folder)."""
    here = _here(start)
    for folder in (here, *here.parents):
        marker = folder / MARKER
        if marker.is_file():
            break
    else:
        raise NoSession(f"{here} is not inside a harness workspace",
                        hint="run this inside the folder `harness start` created, or use --dir")
    try:
        session_id = json.loads(marker.read_text())["session"]
    except (ValueError, KeyError, OSError) as exc:
        raise NoSession(f"{marker} is damaged", hint="`harness history` lists sessions") from exc
    row = (store or Store()).session(session_id)
    if row is None:
        raise NoSession(f"session {session_id} is not in the database (HARNESS_HOME changed?)")
    return Active(row, load_problem(Path(row.problem_root)))


def require_live(active: Active) -> None:
    if active.row.ended is not None:
        raise SessionExpired("this session has ended", hint="`harness report` shows its report")
    if active.row.expired:
        raise SessionExpired("time is up: the bell has rung for this session",
                             hint="run `harness submit` to grade the work as it was at the bell")


def _copy_new(source: Path, dest: Path) -> list[str]:
    """Copy files that are not there yet; never touch the candidate's files."""
    added = []
    for path in sorted(source.rglob("*")):
        target = dest / path.relative_to(source)
        if path.is_dir() or target.exists() or "__pycache__" in path.parts:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        added.append(str(path.relative_to(source)))
    return added


def _statement_to(problem: Problem, index: int, workspace: Path) -> Path:
    level = problem.spec.levels[index]
    target = workspace / "statements" / f"{index + 1:02d}-{level.id}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(problem.path(level.statement), target)
    return target


def copy_samples(problem: Problem, index: int, workspace: Path) -> list[str]:
    """io mode: a level's visible cases go to ``samples/LEVEL/`` for `harness run --input`."""
    if problem.spec.mode != "io":
        return []
    level = problem.spec.levels[index]
    added = []
    for rel in level.visible:
        source = problem.path(rel)
        files = [source] if source.is_file() else sorted(source.rglob("*"))
        for path in files:
            if path.suffix not in (".in", ".ans"):
                continue
            target = workspace / "samples" / level.id / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            added.append(str(target.relative_to(workspace)))
    return added


def create_workspace(catalog: Catalog, problem_name: str, folder: Path | None,
                     seconds: float | None, backend: str, store: Store) -> tuple[Active, Path]:
    """Lay out the workspace and record the session; the caller starts the container."""
    problem = catalog.get(problem_name)
    workspace = (folder or Path(problem.id)).resolve()
    if workspace.exists() and (not workspace.is_dir() or any(workspace.iterdir())):
        live = store.active_for(str(workspace))
        raise UsageError(f"{workspace} exists and is not empty" +
                         (f" (session {live.id} is running there)" if live else ""),
                         hint="pick another folder with --dir, or `harness abandon` there first")
    workspace.mkdir(parents=True, exist_ok=True)
    _copy_new(problem.path(problem.spec.starter), workspace)
    statement = _statement_to(problem, 0, workspace)
    copy_samples(problem, 0, workspace)
    session_id = time.strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
    (workspace / MARKER).parent.mkdir(exist_ok=True)
    (workspace / MARKER).write_text(json.dumps({"session": session_id}))
    for path in [workspace, *workspace.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)  # readable by the sandbox's users
    now = time.time()
    length = seconds or problem.spec.duration * 60
    store.add_session({"id": session_id, "problem": problem.id, "problem_root": str(problem.root),
                       "workspace": str(workspace), "started": now, "deadline": now + length,
                       "backend": backend})
    prepare_bell_dir(session_id)
    row = store.session(session_id)
    assert row is not None
    return Active(row, problem), statement


def unlock_next(active: Active, store: Store) -> tuple[str, Path, list[str]] | None:
    """Unlock the next level: its statement and new starter files appear; None at the last."""
    index = active.row.unlocked
    levels = active.problem.spec.levels
    if index >= len(levels) or not store.claim_unlock(active.row.id, index):
        return None  # the last level, or a racing command unlocked it already
    statement = _statement_to(active.problem, index, active.workspace)
    extra = levels[index].starter
    added = _copy_new(active.problem.path(extra), active.workspace) if extra else []
    added += copy_samples(active.problem, index, active.workspace)
    return levels[index].id, statement, added


def report_path(session_id: str) -> Path:
    return session_dir(session_id) / "report.json"


def save_report(session_id: str, report: dict[str, Any]) -> Path:
    return write_private(report_path(session_id), json.dumps(report, indent=2))

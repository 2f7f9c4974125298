"""A candidate's timed session: workspace, deadline, unlocked levels, the bell, the score."""

from __future__ import annotations

import json
import os
import stat
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.catalog import Catalog
from harness.documents import load_json
from harness.errors import NoSession, SessionExpired, UsageError
from harness.limits import JSON_BYTES
from harness.paths import MARKER, harness_home, private_dir
from harness.safecopy import copy_file, copy_tree
from harness.spec import Problem, load_problem
from harness.store import Store, StoredSession
from harness.visible import copy_visible_tests

__all__ = ["MARKER", "Active", "bell_dir", "bell_rang", "create_workspace", "find_session",
           "frozen_dir", "prepare_bell_dir", "session_by_id", "unlock_next"]



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

    @property
    def abandoned(self) -> bool:
        return self.row.ended is not None and self.row.score is None


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


def _read_marker(marker: Path) -> Any:
    """The workspace's marker: the candidate's folder, so read like any outside document
    (no symlink followed, no FIFO waited on, size and depth checked)."""
    fd = os.open(marker, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError("not a regular file")
        return load_json(fh.read(JSON_BYTES + 1), cap=JSON_BYTES, what=str(marker))


def find_session(start: Path | None = None, store: Store | None = None) -> Active:
    """The session of the workspace containing ``start`` (default: the current folder)."""
    here = _here(start)
    for folder in (here, *here.parents):
        marker = folder / MARKER
        if marker.is_file():
            break
    else:
        raise _not_a_workspace(here, store or Store())
    try:
        session_id = _read_marker(marker)["session"]
    except (ValueError, KeyError, TypeError, OSError) as exc:
        raise NoSession(f"{marker} is damaged", hint="`harness history` lists sessions") from exc
    return session_by_id(session_id, store, missing=f"session {session_id} is not in the "
                         "database (HARNESS_HOME changed?)")


def session_by_id(session_id: str, store: Store | None = None, *, missing: str = "") -> Active:
    """The session called ``session_id``, whether or not its workspace still exists."""
    row = (store or Store()).session(session_id)
    if row is None:
        raise NoSession(missing or f"no session {session_id}",
                        hint="`harness history` lists the sessions and their ids")
    return Active(row, load_problem(Path(row.problem_root)))


def _not_a_workspace(here: Path, store: Store) -> NoSession:
    """Not inside a workspace; when a live session's workspace is below, point to it."""
    below = [s for s in store.sessions() if s.ended is None and not s.expired
             and Path(s.workspace).is_relative_to(here)]
    if below:
        where = Path(below[0].workspace)
        return NoSession(f"{here} is not inside a harness workspace; session {below[0].id} "
                         f"runs in {where}", hint=f"cd {where} (or add --dir {where})")
    return NoSession(f"{here} is not inside a harness workspace",
                     hint="run this inside the folder `harness start` created, or use --dir")


def require_live(active: Active) -> None:
    if active.abandoned:
        raise SessionExpired("this session has ended: it was abandoned, nothing was graded",
                             hint=f"`harness start {active.problem.id}` begins a new session")
    if active.row.ended is not None:
        raise SessionExpired("this session has ended", hint="`harness report` shows its report")
    if active.row.expired:
        raise SessionExpired("time is up: the bell has rung for this session",
                             hint="run `harness submit` to grade the work as it was at the bell")


def _not_cache(rel: str) -> bool:
    return rel.rsplit("/", 1)[-1] == "__pycache__"


def _copy_new(problem: Problem, rel: str, dest: Path) -> list[str]:
    """Copy a package folder's files that are not there yet; never touch the candidate's."""
    return list(copy_tree(problem.path(rel), dest, within=problem.root, skip=_not_cache).files)


def _statement_to(problem: Problem, index: int, workspace: Path) -> Path:
    level = problem.spec.levels[index]
    target = workspace / "statements" / f"{index + 1:02d}-{level.id}.md"
    target.unlink(missing_ok=True)  # a stale copy (or whatever the candidate put there)
    copy_file(problem.path(level.statement), target, within=problem.root)
    return target


def _sample(rel: str) -> bool:
    """Leave out what is not a sample: a name with a suffix other than .in / .ans."""
    suffix = Path(rel).suffix
    return bool(suffix) and suffix not in (".in", ".ans")


def copy_samples(problem: Problem, index: int, workspace: Path) -> list[str]:
    """io mode: a level's visible cases go to ``samples/LEVEL/`` for `harness run --input`."""
    if problem.spec.mode != "io":
        return []
    level = problem.spec.levels[index]
    added = []
    for rel in level.visible:
        if problem.path(rel).is_file() and _sample(rel):
            continue
        dest = workspace / "samples" / level.id
        report = copy_tree(problem.path(rel), dest, within=problem.root, skip=_sample)
        added += [str((dest / f).relative_to(workspace)) for f in report.files]
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
    _copy_new(problem, problem.spec.starter, workspace)
    statement = _statement_to(problem, 0, workspace)
    copy_samples(problem, 0, workspace)
    session_id = time.strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
    (workspace / MARKER).parent.mkdir(exist_ok=True)
    (workspace / MARKER).write_text(json.dumps({
        "session": session_id, "problem": problem.id,
        "levels": [lv.id for lv in problem.spec.levels]}))
    for path in [workspace, *workspace.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)  # readable by the sandbox's users
    copy_visible_tests(problem, 1, workspace)
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
    added = _copy_new(active.problem, extra, active.workspace) if extra else []
    added += copy_samples(active.problem, index, active.workspace)
    copy_visible_tests(active.problem, index + 1, active.workspace)  # refreshed, all levels
    return levels[index].id, statement, added


def report_path(session_id: str) -> Path:
    return session_dir(session_id) / "report.json"


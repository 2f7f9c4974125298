"""`harness watch`: re-validate on every save in the workspace, and redraw one screen.

Polls the workspace's files (stdlib only: no inotify dependency) every
``POLL`` seconds; a change is run once the files have been quiet for
``DEBOUNCE`` seconds (an editor's save is often several writes).  Each run is
`harness validate` itself (the session's warm sandbox, levels unlocking), drawn
on a cleared screen under a header.  Ctrl-C ends it cleanly with exit 0.
"""

from __future__ import annotations

import time
from pathlib import Path

from harness.errors import EXIT_OK, HarnessError, SessionExpired
from harness.output import console
from harness.session import find_session, require_live

__all__ = ["DEBOUNCE", "POLL", "watch_workspace"]

POLL = 0.05  # seconds between two looks at the files
DEBOUNCE = 0.1  # seconds of quiet after a change before it runs
_MAX_FILES = 5000  # a workspace is a few files; past this, only the first are watched
_SKIP = {".harness", "__pycache__", ".pytest_cache", ".git"}
# What the harness itself writes on unlock (the visible tests' read-only copies, the
# next level's statement): a validation that unlocks must not set off another.
_WRITTEN = (("tests", "visible"), ("statements",))

Snapshot = dict[str, tuple[int, int]]


def snapshot(workspace: Path) -> Snapshot:
    """(mtime, size) of every file the candidate edits; harness-written folders left out."""
    seen: Snapshot = {}
    for path in sorted(workspace.rglob("*")):
        rel = path.relative_to(workspace)
        skipped = _SKIP & set(rel.parts) or any(rel.parts[:len(w)] == w for w in _WRITTEN)
        if skipped or not path.is_file() or path.is_symlink():
            continue
        info = path.stat()
        seen[rel.as_posix()] = (info.st_mtime_ns, info.st_size)
        if len(seen) >= _MAX_FILES:
            break
    return seen


def _settled(workspace: Path, changed: Snapshot) -> Snapshot:
    """Wait until the files stop changing for DEBOUNCE seconds; the final snapshot."""
    while True:
        time.sleep(DEBOUNCE)
        now = snapshot(workspace)
        if now == changed:
            return now
        changed = now


def _draw(backend: str, folder: Path, reason: str) -> bool:
    """Clear the screen and show one validation; False when the session is over."""
    from harness.commands.session_flow import validate_session

    out = console()
    out.clear()
    out.print(f"[bold]harness watch[/] {folder} - {reason} at {time.strftime('%H:%M:%S')} "
              "- Ctrl-C stops")
    try:
        validate_session(backend=backend, folder=folder, as_json=False)
    except SessionExpired as exc:
        out.print(f"[bold red]{exc.message}[/]" + (f"; {exc.hint}" if exc.hint else ""))
        return False
    except HarnessError as exc:  # e.g. tests that do not collect: show it, keep watching
        out.print(f"[red]error:[/] {exc.message}" + (f"\nhint: {exc.hint}" if exc.hint else ""))
    out.print("[dim]watching for changes...[/]")
    return True


def watch_workspace(*, backend: str, folder: Path | None) -> int:
    """Validate now, then after every save, until Ctrl-C or the bell."""
    active = find_session(folder)
    require_live(active)
    workspace = active.workspace
    try:
        last = snapshot(workspace)
        going = _draw(backend, workspace, "started")
        while going:
            time.sleep(POLL)
            now = snapshot(workspace)
            if now != last:
                last = _settled(workspace, now)
                going = _draw(backend, workspace, "changed")
    except KeyboardInterrupt:
        pass
    console().print("stopped watching")
    return EXIT_OK

"""What the session container's root process does: ring the bell, end the runner's processes.

This file runs INSIDE the sandbox (``python3 -I -c SOURCE ...``, the source sent
whole, so it is stdlib only and never imports harness).  Its root holds CAP_KILL
and nothing else: no CAP_DAC_OVERRIDE, so it writes only where it owns the folder.

``bell SECONDS UID``: the container's main process.  At the deadline it stops and
kills every process of the runner ``UID`` (so nothing races the copy), then copies
``/workspace`` (mounted read-only) to ``/sealed/bell/frozen``.  ``/sealed`` is a
root-owned 0700 tmpfs, so the runner can neither list, read nor write the copy or
its host folder.  The copy walks with directory file descriptors and never follows
a symlink at any depth; it takes regular files and folders only, within the caps
below, and says what it skipped.  ``rang`` is written last: its presence means
the copy is whole.

``sweep UID``: stop every process of ``UID`` (a stopped process cannot fork, so a
fork bomb cannot outrun the sweep), sweeping until nothing new appears, then kill
them all.  Exit 1 when some survive.
"""

from __future__ import annotations

import os
import signal
import stat
import sys
import time

SEALED = "/sealed/bell"  # the in-container path of the host's bell folder
SOURCE = "/workspace"
FROZEN_BYTES = 64 << 20  # bytes of regular files the bell copies, in all
FROZEN_FILES = 10_000  # files and folders it copies, in all
FROZEN_DEPTH = 32  # folder levels below the workspace
SKIP = frozenset({".git", "__pycache__", ".pytest_cache", ".venv", "venv", "node_modules",
                  ".mypy_cache", ".harness"})
CHUNK = 1 << 20


def _uid_of(pid: str) -> int | None:
    """The uid of a live process; None for a zombie (dead, waiting for PID 1 to reap it)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("State:") and line.split()[1] in ("Z", "X"):
                    return None
                if line.startswith("Uid:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _pids_of(uid: int) -> set[int]:
    return {int(pid) for pid in os.listdir("/proc") if pid.isdigit() and _uid_of(pid) == uid}


def _signal_all(pids: set[int], signum: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, signum)
        except OSError:
            pass


def sweep(uid: int) -> bool:
    """Stop, then kill, every process of ``uid``; True when none is left."""
    stopped: set[int] = set()
    for _ in range(200):
        fresh = _pids_of(uid) - stopped
        if not fresh:
            break
        _signal_all(fresh, signal.SIGSTOP)
        stopped |= fresh
    for _ in range(20):
        left = _pids_of(uid)
        if not left:
            return True
        _signal_all(left, signal.SIGKILL)
        time.sleep(0.01)
    return not _pids_of(uid)


class _Budget:
    """What the copy may still take, and what it left out."""

    def __init__(self) -> None:
        self.bytes = FROZEN_BYTES
        self.files = FROZEN_FILES
        self.skipped: list[str] = []

    def skip(self, path: str, why: str) -> None:
        if len(self.skipped) < 20:
            self.skipped.append(f"{path[:200]} ({why})")


def _copy_file(name: str, src_dir: int, dst_dir: int, budget: _Budget, path: str) -> None:
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
    src = os.open(name, flags, dir_fd=src_dir)
    try:
        if not stat.S_ISREG(os.fstat(src).st_mode):
            budget.skip(path, "not a regular file")
            return
        dst = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644,
                      dir_fd=dst_dir)
        try:
            while chunk := os.read(src, min(CHUNK, budget.bytes + 1)):
                if len(chunk) > budget.bytes:
                    budget.skip(path, "past the byte cap: cut short")
                    os.write(dst, chunk[: budget.bytes])
                    budget.bytes = 0
                    return
                budget.bytes -= len(chunk)
                os.write(dst, chunk)
        finally:
            os.close(dst)
    finally:
        os.close(src)


def _copy_entry(name: str, src_dir: int, dst_dir: int, depth: int, budget: _Budget,
                path: str) -> None:
    mode = os.stat(name, dir_fd=src_dir, follow_symlinks=False).st_mode
    if stat.S_ISDIR(mode) and depth < FROZEN_DEPTH:
        os.mkdir(name, 0o755, dir_fd=dst_dir)
        src = _open_dir(name, src_dir)
        try:
            dst = _open_dir(name, dst_dir)
            try:
                _copy_dir(src, dst, depth + 1, budget, path)
            finally:
                os.close(dst)
        finally:
            os.close(src)
    elif stat.S_ISREG(mode):
        _copy_file(name, src_dir, dst_dir, budget, path)
    else:
        budget.skip(path, "too deep" if stat.S_ISDIR(mode) else "a symlink or special file")


def _open_dir(name: str, parent: int | None = None) -> int:
    """A folder's fd; a symlink in its place (swapped in after the stat) is refused."""
    return os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent)


def _copy_dir(src: int, dst: int, depth: int, budget: _Budget, path: str) -> None:
    for entry in sorted(os.listdir(src)):
        if entry in SKIP:
            continue
        if budget.files <= 0 or budget.bytes <= 0:
            budget.skip(f"{path}/{entry}", "past the file or byte cap")
            return
        budget.files -= 1
        try:
            _copy_entry(entry, src, dst, depth, budget, f"{path}/{entry}")
        except OSError as exc:
            budget.skip(f"{path}/{entry}", exc.strerror or "unreadable")


def _remove_tree(name: str, parent: int) -> None:
    """Remove ``name`` under ``parent`` (a half-made copy), never following a symlink."""
    try:
        mode = os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(mode):
        os.unlink(name, dir_fd=parent)
        return
    fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent)
    try:
        for entry in os.listdir(fd):
            _remove_tree(entry, fd)
    finally:
        os.close(fd)
    os.rmdir(name, dir_fd=parent)


def freeze(source: str, sealed: str) -> str:
    """Copy ``source`` to ``sealed``/frozen, then write ``sealed``/rang; what was skipped."""
    root = _open_dir(sealed)
    try:
        if os.path.exists(f"{sealed}/rang"):
            return "the bell had rung already"
        _remove_tree("frozen", root)  # a copy an earlier container did not finish
        os.mkdir("frozen", 0o755, dir_fd=root)
        budget = _Budget()
        src, dst = _open_dir(source), _open_dir("frozen", root)
        try:
            _copy_dir(src, dst, 0, budget, ".")
        finally:
            os.close(src)
            os.close(dst)
        said = "; ".join(budget.skipped) or "nothing skipped"
        flag = os.open("rang.tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644,
                       dir_fd=root)
        os.write(flag, said.encode("utf-8", "replace"))
        os.close(flag)
        os.rename("rang.tmp", "rang", src_dir_fd=root, dst_dir_fd=root)
        return said
    finally:
        os.close(root)


def bell(seconds: float, uid: int) -> None:
    """Sleep to the deadline, end the runner's processes, freeze the workspace, idle."""
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        time.sleep(min(left, 60.0))
    sweep(uid)
    print(f"bell: {freeze(SOURCE, SEALED)}", flush=True)
    while True:
        signal.pause()


def main(argv: list[str]) -> int:
    if argv[:1] == ["sweep"]:
        return 0 if sweep(int(argv[1])) else 1
    if argv[:1] == ["bell"]:
        bell(float(argv[1]), int(argv[2]))
    print(f"usage: bell SECONDS UID | sweep UID (got {argv!r})", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

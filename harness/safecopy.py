"""The one host-side copy of bytes that a submission, a problem or an import owns.

Every folder is opened relative to its parent's file descriptor with
``O_NOFOLLOW``, so a folder swapped for a symlink between the listing and the
copy is never followed (issue 11: the bell's copy was read that way).  Every
leaf is opened ``O_NOFOLLOW|O_NONBLOCK`` and copied only when ``fstat`` says it
is the regular file that was listed; symlinks, FIFOs, sockets and devices are
skipped and reported.  The total is capped by bytes actually read (a device
says size 0, a sparse file lies), and so are the file count, depth and name
length.  Destination files are created ``O_EXCL|O_NOFOLLOW`` inside folders
opened the same way.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from harness.errors import UsageError
from harness.limits import COPY_BYTES, COPY_DEPTH, COPY_FILES, COPY_NAME

__all__ = ["COPY_LIMITS", "CopyLimits", "CopyRefused", "CopyReport", "Skipped", "copy_file",
           "copy_tree", "scan_tree"]

_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_LEAF = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_CHUNK = 1 << 20


@dataclass(frozen=True)
class CopyLimits:
    """What one copy may take: bytes read, entries, folder depth, name length."""

    bytes: int = COPY_BYTES
    files: int = COPY_FILES
    depth: int = COPY_DEPTH
    name: int = COPY_NAME


COPY_LIMITS = CopyLimits()


class CopyRefused(UsageError):
    """A copy passed one of its caps, or its source is not what it must be."""

    def __init__(self, path: str, what: str, hint: str = "") -> None:
        super().__init__(f"{path}: {what}", hint=hint or (
            "move data sets, build outputs and special files out of the folder"))
        self.path = path


@dataclass(frozen=True)
class Skipped:
    """An entry that was not copied, and why (a symlink, a FIFO, ...)."""

    path: str
    reason: str


@dataclass(frozen=True)
class CopyReport:
    """What a copy did: the files it wrote (relative paths), bytes, and what it skipped."""

    files: tuple[str, ...]
    bytes: int
    skipped: tuple[Skipped, ...]

    def note(self, what: str, shown: int = 5) -> str:
        """One line for a run's notes, or '' when nothing was skipped."""
        if not self.skipped:
            return ""
        listed = ", ".join(f"{s.path} ({s.reason})" for s in self.skipped[:shown])
        more = f" and {len(self.skipped) - shown} more" if len(self.skipped) > shown else ""
        return f"skipped in {what}: {listed}{more}"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISREG(mode):
        return "file"
    for test, name in ((stat.S_ISLNK, "a symlink"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a regular file"


@dataclass
class _Walk:
    """One copy (or scan, with no destination) in progress: counts and findings."""

    limits: CopyLimits
    skip: Callable[[str], bool] | None
    dir_mode: int
    file_mode: int
    copied: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    entries: int = 0
    total: int = 0

    def tree(self, src: int, dst: int | None, rel: str, depth: int) -> None:
        if depth > self.limits.depth:
            raise CopyRefused(rel, f"folders nest deeper than {self.limits.depth} levels")
        for name in sorted(os.listdir(src)):
            self.entry(src, dst, name, f"{rel}/{name}" if rel else name, depth)

    def entry(self, src: int, dst: int | None, name: str, rel: str, depth: int) -> None:
        if len(os.fsencode(name)) > self.limits.name:
            raise CopyRefused(rel, f"a file name longer than {self.limits.name} bytes")
        if self.skip is not None and self.skip(rel):
            return
        self.entries += 1
        if self.entries > self.limits.files:
            raise CopyRefused(rel, f"more than {self.limits.files} files and folders")
        try:
            listed = os.stat(name, dir_fd=src, follow_symlinks=False)
        except OSError as exc:
            self.skipped.append(Skipped(rel, f"cannot read: {exc.strerror}"))
            return
        kind = _kind(listed.st_mode)
        if kind not in ("dir", "file"):
            self.skipped.append(Skipped(rel, kind))
            return
        self.opened(src, dst, name, rel, depth, listed)

    def opened(self, src: int, dst: int | None, name: str, rel: str, depth: int,
               listed: os.stat_result, out_name: str = "") -> None:
        is_dir = stat.S_ISDIR(listed.st_mode)
        try:
            fd = os.open(name, _DIR if is_dir else _LEAF, dir_fd=src)
        except OSError as exc:  # ELOOP: swapped for a symlink since the listing
            self.skipped.append(Skipped(rel, f"cannot open: {exc.strerror}"))
            return
        try:
            now = os.fstat(fd)
            if (now.st_dev, now.st_ino, stat.S_IFMT(now.st_mode)) != (
                    listed.st_dev, listed.st_ino, stat.S_IFMT(listed.st_mode)):
                self.skipped.append(Skipped(rel, "changed while it was being copied"))
            elif is_dir:
                self.folder(fd, dst, name, rel, depth)
            else:
                self.file(fd, now, dst, out_name or name, rel)
        finally:
            os.close(fd)

    def folder(self, fd: int, dst: int | None, name: str, rel: str, depth: int) -> None:
        if dst is None:
            self.tree(fd, None, rel, depth + 1)
            return
        child = _make_dir(dst, name, self.dir_mode)
        if child is None:
            self.skipped.append(Skipped(rel, "the destination holds something else there"))
            return
        try:
            self.tree(fd, child, rel, depth + 1)
        finally:
            os.close(child)

    def file(self, fd: int, st: os.stat_result, dst: int | None, name: str, rel: str) -> None:
        room = self.limits.bytes - self.total
        if st.st_size > room:
            raise CopyRefused(rel, f"more than {self.limits.bytes >> 20} MiB of files in all")
        if dst is None:
            self.total += st.st_size
            self.copied.append(rel)
            return
        # An executable source stays executable for whoever may read it.
        mode = self.file_mode | ((self.file_mode & 0o444) >> 2 if st.st_mode & 0o111 else 0)
        try:
            out = os.open(name, _NEW, 0o600, dir_fd=dst)
        except FileExistsError:
            self.skipped.append(Skipped(rel, "already at the destination"))
            return
        try:
            self.total += _pump(fd, out, room, rel, self.limits.bytes)
            os.fchmod(out, mode)
        finally:
            os.close(out)
        self.copied.append(rel)


def _pump(src: int, dst: int, room: int, rel: str, cap: int) -> int:
    """Copy bytes until EOF; refuse once more than ``room`` were read."""
    done = 0
    while chunk := os.read(src, min(_CHUNK, room - done + 1)):
        done += len(chunk)
        if done > room:
            raise CopyRefused(rel, f"more than {cap >> 20} MiB of files in all")
        os.write(dst, chunk)  # a regular file on our own disk: a full write or an OSError
    return done


def _make_dir(parent: int, name: str, mode: int) -> int | None:
    """The folder ``name`` under ``parent`` (made when missing), opened; None if not a folder."""
    try:
        os.mkdir(name, 0o700, dir_fd=parent)
        made = True
    except FileExistsError:
        made = False
    try:
        fd = os.open(name, _DIR, dir_fd=parent)
    except OSError:  # ELOOP or ENOTDIR: a symlink or a file is in the way
        return None
    if made:
        os.fchmod(fd, mode)
    return fd


def _open_below(anchor: Path, rel: PurePosixPath) -> int:
    """``anchor/rel`` opened as a folder, no component of ``rel`` followed if a symlink."""
    fd = os.open(anchor, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    for part in rel.parts:
        try:
            child = os.open(part, _DIR, dir_fd=fd)
        except OSError as exc:
            os.close(fd)
            raise CopyRefused(str(anchor / rel), f"{part!r} is not a plain folder "
                              f"({exc.strerror}): symlinks are never followed") from exc
        os.close(fd)
        fd = child
    return fd


def _relative(source: Path, within: Path | None) -> tuple[Path, PurePosixPath]:
    if within is None:  # the path given is followed as given; nothing below it is
        given = source.resolve()
        return (given, PurePosixPath()) if given.is_dir() else (
            given.parent, PurePosixPath(given.name))
    anchor = within
    try:
        rel = PurePosixPath(source.relative_to(anchor).as_posix())
    except ValueError as exc:
        raise CopyRefused(str(source), f"is not inside {anchor}") from exc
    if ".." in rel.parts:
        raise CopyRefused(str(source), f"leaves {anchor}")
    return anchor, rel


def _walk_source(walk: _Walk, source: Path, within: Path | None, dst: int | None) -> None:
    anchor, rel = _relative(source, within)
    if not rel.parts:  # the anchor itself
        src = os.open(anchor, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        name = ""
    else:
        src = _open_below(anchor, rel.parent)
        name = rel.name
    try:
        if not name:
            walk.tree(src, dst, "", 0)
            return
        listed = os.stat(name, dir_fd=src, follow_symlinks=False)
        kind = _kind(listed.st_mode)
        if kind == "dir":
            child = os.open(name, _DIR, dir_fd=src)
            try:
                walk.tree(child, dst, "", 0)
            finally:
                os.close(child)
        elif kind == "file":
            walk.opened(src, dst, name, name, 0, listed)
        else:
            raise CopyRefused(str(source), f"is {kind}, not a file or folder")
    finally:
        os.close(src)


def copy_tree(source: Path, dest: Path, *, within: Path | None = None,
              limits: CopyLimits = COPY_LIMITS, skip: Callable[[str], bool] | None = None,
              dir_mode: int = 0o755, file_mode: int = 0o644) -> CopyReport:
    """Copy a folder's contents into ``dest`` (or a file to ``dest/NAME``), safely.

    ``source`` itself is followed as given; nothing below it is.  With ``within``,
    ``source`` must lie inside ``within`` and no folder between them is followed
    either.  ``skip(relative_path)`` leaves out what the caller does not want
    (caches), silently; what is not a regular file or folder is left out and
    listed in the report.  Passing a cap raises :class:`CopyRefused`.
    """
    walk = _Walk(limits, skip, dir_mode, file_mode)
    dest.mkdir(parents=True, exist_ok=True)
    dst = os.open(dest, _DIR)
    try:
        _walk_source(walk, source, within, dst)
    except FileNotFoundError as exc:
        raise CopyRefused(str(source), "does not exist") from exc
    finally:
        os.close(dst)
    return CopyReport(tuple(walk.copied), walk.total, tuple(walk.skipped))


def copy_file(source: Path, target: Path, *, within: Path | None = None,
              limits: CopyLimits = COPY_LIMITS) -> int:
    """Copy one regular file to ``target`` (a new file; its folder is made), under the
    same rules as :func:`copy_tree`; anything else is refused.  Returns the bytes."""
    anchor, rel = _relative(source, within)
    if not rel.parts:
        raise CopyRefused(str(source), "is a folder, not a file")
    walk = _Walk(limits, None, 0o755, 0o644)
    target.parent.mkdir(parents=True, exist_ok=True)
    src = _open_below(anchor, rel.parent)
    try:
        dst = os.open(target.parent, _DIR)
        try:
            listed = os.stat(rel.name, dir_fd=src, follow_symlinks=False)
            if not stat.S_ISREG(listed.st_mode):
                raise CopyRefused(str(source), f"is {_kind(listed.st_mode)}, not a regular file")
            walk.opened(src, dst, rel.name, str(rel), 0, listed, out_name=target.name)
        finally:
            os.close(dst)
    except FileNotFoundError as exc:
        raise CopyRefused(str(source), "does not exist") from exc
    finally:
        os.close(src)
    if walk.skipped:
        raise CopyRefused(str(source), walk.skipped[0].reason)
    return walk.total


def scan_tree(root: Path, *, limits: CopyLimits = COPY_LIMITS,
              skip: Callable[[str], bool] | None = None) -> CopyReport:
    """What :func:`copy_tree` would take from ``root`` and skip, without copying (sizes
    from ``stat``).  A package whose report lists anything skipped is refused."""
    walk = _Walk(limits, skip, 0, 0)
    try:
        _walk_source(walk, root, root, None)
    except FileNotFoundError as exc:
        raise CopyRefused(str(root), "does not exist") from exc
    return CopyReport(tuple(walk.copied), walk.total, tuple(walk.skipped))

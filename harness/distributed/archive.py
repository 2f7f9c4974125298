"""A submission as a capped archive: packed through the safe copy, unpacked with caps again.

The archive sits in a shared database, so the worker treats it as hostile too: only
regular files and folders, a count and a byte cap checked member by member, and
tarfile's ``data`` filter (no absolute paths, no ``..``, no links, no devices).
"""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

from harness.errors import UsageError
from harness.grading import copy_submission
from harness.limits import COPY_BYTES as SUBMISSION_CAP
from harness.limits import COPY_FILES
from harness.staging import scratch

__all__ = ["ARCHIVE_CAP", "MAX_FILES", "pack", "unpack"]

ARCHIVE_CAP = SUBMISSION_CAP  # bytes of compressed archive stored per submission
MAX_FILES = COPY_FILES  # members of one archive: the copy's own cap


def pack(folder: Path) -> bytes:
    """``folder`` (copied by the safe copy routine first) as a gzipped tar, capped."""
    with scratch("pack-") as work:
        copy_submission(folder, work / "sub")
        copied = work / "sub"
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
            tar.add(copied, arcname=".")
    data = buffer.getvalue()
    if len(data) > ARCHIVE_CAP:
        raise UsageError(f"{folder} packs to more than {ARCHIVE_CAP >> 20} MiB",
                         hint="move data sets and build outputs out of the submission")
    return data


def _checked(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members, total = [], 0
    for member in tar:  # read one header at a time: a bomb is stopped at the cap
        if not (member.isfile() or member.isdir()):
            raise UsageError(f"the stored archive holds {member.name!r}, not a file or folder")
        total += member.size
        members.append(member)
        if total > SUBMISSION_CAP or len(members) > MAX_FILES:
            raise UsageError("the stored archive unpacks beyond the submission caps")
    return members


def unpack(data: bytes, dest: Path) -> Path:
    """Unpack an archive made by :func:`pack` into ``dest`` (which must be empty or new)."""
    if len(data) > ARCHIVE_CAP:
        raise UsageError("the stored archive is larger than the cap")
    dest.mkdir(parents=True, exist_ok=True)
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            tar.extractall(dest, members=_checked(tar), filter="data")
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise UsageError(f"the stored archive is unreadable: {exc}") from exc
    return dest

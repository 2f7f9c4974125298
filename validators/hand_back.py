"""A ready container's run handed back through a folder the host reads: no exec.

After a run the host used to start one trusted exec (the killer, then the results
read-back): a runc exec costs 40-60 ms here, on the critical path of every
`harness validate`.  The zygote is that trusted party already (in-container root,
never reachable by the tests' or the submission's uid), and by the time its job
returns the supervisor has ended every process of both uids.  So it reads the
results file the same way the read-back did (a regular file, never a link or a
FIFO: in inprocess mode the tests' uid is the submission's), adds the OOM-kill
count, and writes both into ``/job/back``: a host folder mode 0700 owned by the
user running the harness, which neither uid can enter.  It writes as that owner (a
forked child that takes the owner's uid and gid: the zygote's root holds no
CAP_DAC_OVERRIDE), ``results`` first, then ``end``, each by an atomic rename, so the
host, which only waits for ``end`` to appear, never reads half a file.

Anything that goes wrong here leaves no ``end``: the host then ends and reads the
container the old way.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["END", "RESULTS", "hand_back"]

END = "end"  # "oom_kills=N": the run is over and ``results`` (if any) is complete
RESULTS = "results"  # the results file, as the tests process wrote it
_CGROUP_EVENTS = ("/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control")
_CHUNK = 1 << 20


def _oom_kills() -> int:
    for path in _CGROUP_EVENTS:
        try:
            with open(path) as fh:
                for line in fh:
                    key, _, value = line.partition(" ")
                    if key == "oom_kill":
                        return int(value)
        except (OSError, ValueError):
            continue
    return 0


def _open_results(path: Path) -> int | None:
    """A descriptor of the results file if it is a regular file, else None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    return fd


def _write(name: str, chunks: int | bytes) -> None:
    """Into the working directory (the hand-back folder), by an atomic rename."""
    tmp = f".{name}.tmp"
    out = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        if isinstance(chunks, bytes):
            os.write(out, chunks)
        else:
            while block := os.read(chunks, _CHUNK):
                os.write(out, block)
    finally:
        os.close(out)
    os.rename(tmp, name)


def hand_back(folder: Path, results: Path) -> None:
    """Write the run's results and OOM-kill count into ``folder``; never raises."""
    try:  # held by descriptor: the child enters it as its owner, whatever is above it
        where = os.open(folder, os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return
    info = os.fstat(where)
    source = _open_results(results)
    oom = _oom_kills()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            if info.st_uid != os.getuid():
                os.setgroups([])
                os.setgid(info.st_gid)
                os.setuid(info.st_uid)  # also clears every capability
            os.fchdir(where)
            if source is not None:
                _write(RESULTS, source)
            _write(END, f"oom_kills={oom}\n".encode())
            code = 0
        finally:  # whatever went wrong left no `end`: the host reads back the old way
            os._exit(code)
    os.close(where)
    if source is not None:
        os.close(source)
    os.waitpid(pid, 0)

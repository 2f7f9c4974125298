"""Print the results file to stdout, refusing anything but a regular file.

Runs as a separate, trusted step after the submission's processes are gone;
``O_NOFOLLOW`` and the ``S_ISREG`` check mean a symlink or FIFO planted where
the results should be is refused, not followed.
"""

from __future__ import annotations

import os
import stat
import sys

from validators.cgroup import oom_kills

__all__ = ["readout"]


def readout(path: str, cap: int) -> int:
    """Print ``oom_kills=N`` on a line, then at most ``cap`` + 1 bytes of ``path``."""
    sys.stdout.buffer.write(f"oom_kills={oom_kills()}\n".encode())
    sys.stdout.flush()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        sys.stderr.write(f"readout: {exc.strerror}\n")
        return 0
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            sys.stderr.write("readout: not a regular file\n")
            return 0
        sys.stdout.buffer.write(fh.read(cap + 1))
    return 0

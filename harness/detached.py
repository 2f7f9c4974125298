"""Start a helper that outlives the command that started it.

The helper runs from `/` in a session of its own with no terminal: it must never
pin the folder it was started from (a test, or a candidate, may delete that folder
while the helper still runs; an agent that kept a deleted cwd served from nowhere).
"""

from __future__ import annotations

import subprocess
from typing import IO

__all__ = ["detached"]


def detached(argv: list[str], output: IO[bytes] | int = subprocess.DEVNULL
             ) -> subprocess.Popen[bytes] | None:
    """Start ``argv`` detached, from `/`; None when it could not be started."""
    try:
        return subprocess.Popen(argv, cwd="/", stdin=subprocess.DEVNULL, stdout=output,
                                stderr=output, start_new_session=True, close_fds=True)
    except OSError:
        return None

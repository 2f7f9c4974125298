"""A validator started ahead of need: imports pytest, then waits for its job.

The harness starts a session's next container before the candidate asks for
it, with this process already past its imports.  Nothing of the submission is
in the container yet; when `harness validate` has staged the suite and the
submission, it writes ``/job/ready.json`` (the arguments of the real run) and
this process runs it.  The container is still used once, for that one run.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

__all__ = ["run_zygote"]


def run_zygote(args: Any) -> int:
    """Import what every run needs, wait for ``args.ready``, then run that job."""
    import pytest  # noqa: F401 - the expensive import, done before the job arrives

    from validators import io_driver, pytest_runner  # noqa: F401
    from validators.__main__ import main

    ready = Path(args.ready)
    deadline = time.monotonic() + args.idle
    while not ready.exists():
        if time.monotonic() > deadline:
            return 0
        time.sleep(0.004)
    argv = json.loads(ready.read_text())["argv"]
    main(argv)
    return 0

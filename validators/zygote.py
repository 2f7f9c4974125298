"""A supervisor started ahead of need: imports pytest, then waits for its job.

The harness starts a session's next container before the candidate asks for
it, with this process (in-container root, as the supervisor always is) already
past its imports.  Nothing of the submission is in the container yet; when
`harness validate` has staged the suite and the submission, it writes
``ready.json`` (the arguments of the real run and its nonce) into the private
folder only root and the tests' uid can reach, and this process runs it: the
tests process it forks inherits the imports.  The container is still used once.

In pytest's process mode it also starts the run's first submission server ahead
(``--submission-uid``): a fresh Python as uid B, past its start-up and the
``--preload`` imports the problem's code needs (numpy), waiting for its first
channel.  It runs nothing of the submission until the tests import it, after the
submission has been moved in; the supervisor hands it to the tests process at their
first spawn, exactly as a server it forked then.

With ``--hand-back`` it writes the run's results where the host reads them without
an exec (validators/hand_back.py).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

__all__ = ["run_zygote"]


def run_zygote(args: Any) -> int:
    """Import what every run needs, wait for ``args.ready``, then run that job."""
    import pytest  # noqa: F401 - the expensive import, done before the job arrives

    from validators import io_driver, launch, pytest_runner  # noqa: F401
    from validators.__main__ import main
    from validators.supervisor import NONCE_ENV, prespawn

    if args.submission_uid > 0 and args.submission:
        prespawn(args.submission_uid, args.submission, tuple(args.preload))

    ready = Path(args.ready)
    deadline = time.monotonic() + args.idle
    while not ready.exists():
        if time.monotonic() > deadline:
            return 0
        time.sleep(0.004)
    job = json.loads(ready.read_text())
    os.environ[NONCE_ENV] = str(job["nonce"])
    try:
        main([str(a) for a in job["argv"]])
    except SystemExit:
        pass  # main always exits; the run is over, and both uids' processes are ended
    if args.hand_back:
        from validators.hand_back import hand_back

        hand_back(Path(args.hand_back), Path(args.out))
    return 0

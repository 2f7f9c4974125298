"""``supervise`` mode: the container's root process runs the job through the supervisor.

The job's own runner (pytest, collect, io, checker) runs in the tests process the
supervisor forks and drops to uid A; this module only wires the two together.
"""

from __future__ import annotations

import os
import socket
from typing import Any

from validators import control
from validators.supervisor import NONCE_ENV, Uids, run_supervisor

__all__ = ["run_supervised"]


def _runner(mode: str) -> Any:
    if mode in ("pytest", "collect"):
        from validators.pytest_runner import run_pytest

        return run_pytest
    if mode == "io":
        from validators.io_driver import run_io

        return run_io
    from validators.checker_driver import run_checker

    return run_checker


def run_supervised(args: Any) -> int:
    """Run ``args.run`` as uid A under the supervisor; always returns 0."""
    args.nonce = os.environ.get(NONCE_ENV, "") or args.nonce
    runner = _runner(args.run)
    uids = Uids(tests=args.tests_uid, submission=args.submission_uid)

    def tests_main(sock: socket.socket, timed_out: list[tuple[str, str]]) -> int:
        os.umask(0o022)
        tmp = os.path.join(args.private, "tmp")  # pytest's tmp_path lands here, A's only
        os.makedirs(tmp, 0o700, exist_ok=True)
        os.environ.update({"TMPDIR": tmp, "HOME": tmp})
        os.chdir(tmp)
        control.CHANNEL = control.Control(sock)
        args.mode, args.resume = args.run, timed_out
        return int(runner(args))

    return run_supervisor(uids, args.submission, args.isolation == "inprocess", tests_main)

"""One request, run in a child the agent forked for it.

The child is a fresh copy of the agent, so it alone takes the request's working
folder, environment and streams: nothing of one request reaches the next, and the
agent's own state never changes (issue 12).  The command runs through the CLI's
error boundary, so messages and exit codes are those of a run in the CLI itself,
Ctrl-C (the agent's SIGINT when the client went away) included.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Mapping, Sequence
from typing import TextIO, cast

from harness.agent_protocol import ALLOWED_ENV

__all__ = ["child_environment", "run_validate"]

EXIT_USAGE = 2


def child_environment(base: Mapping[str, str], given: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The agent's environment, with the output settings of the request instead of its own."""
    return {k: v for k, v in base.items() if k not in ALLOWED_ENV} | dict(given)


def _stream(fd: int, mode: str) -> TextIO:
    tty = os.isatty(fd)
    return cast(TextIO, open(fd, mode, encoding="utf-8", errors="backslashreplace",
                             buffering=1 if tty else -1, closefd=False))


def _take_streams(fds: Sequence[int]) -> None:
    """The client's stdin, stdout and stderr become this process's 0, 1 and 2."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    for fd in fds:
        if fd > 2:
            os.close(fd)
    sys.stdin, sys.stdout, sys.stderr = _stream(0, "r"), _stream(1, "w"), _stream(2, "w")


def run_validate(argv: Sequence[str], *, cwd: str, env: Mapping[str, str],
                 streams: Sequence[int]) -> int:
    """Run ``argv`` (a servable `validate`) in ``cwd`` with ``env``, writing to the
    file descriptors ``streams`` (stdin, stdout, stderr); its exit code."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    _take_streams(streams)
    os.environ.clear()
    os.environ.update(env)
    try:
        os.chdir(cwd)
    except OSError as exc:
        sys.stderr.write(f"error: cannot enter {cwd}: {exc.strerror}\n")
        return EXIT_USAGE
    from harness import output
    from harness.cli import main

    output.reset()
    try:
        return main(list(argv))
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except OSError:
                pass  # the client's terminal or pipe is gone

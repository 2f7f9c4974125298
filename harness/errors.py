"""The harness's errors and the exit codes they map to (see DESIGN.md, contract 4)."""

from __future__ import annotations

__all__ = [
    "EXIT_FAILED",
    "EXIT_HARNESS",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "DaemonLost",
    "HarnessError",
    "InvalidProblem",
    "NoSession",
    "SandboxError",
    "SandboxUnavailable",
    "SessionExpired",
    "StateError",
    "UsageError",
]

EXIT_OK = 0
EXIT_FAILED = 1  # tests failed, a check failed
EXIT_USAGE = 2  # bad usage or bad input
EXIT_HARNESS = 3  # the harness could not do its job
EXIT_INTERRUPTED = 130


class HarnessError(Exception):
    """A known failure: the message is for the user, the code for scripts."""

    exit_code = EXIT_HARNESS

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(HarnessError):
    """Bad usage or bad input: an unknown problem, a folder that is not empty."""

    exit_code = EXIT_USAGE


class InvalidProblem(UsageError):
    """A problem package that does not load: names the file and what to fix."""


class NoSession(UsageError):
    """The command needs a session and none is found here."""


class SessionExpired(UsageError):
    """The session's time is up (or it ended) and the command needs a live one."""


class SandboxUnavailable(HarnessError):
    """No Docker daemon, or no sandbox image: the harness cannot run code."""


class DaemonLost(SandboxUnavailable):
    """The Docker daemon went away (restarted, or the connection dropped) mid-command:
    the harness, not the submission, cannot go on (a batch stops, nothing is recorded)."""


class SandboxError(HarnessError):
    """The sandbox failed in a way that is not the submission's fault."""


class StateError(HarnessError):
    """HARNESS_HOME could not be read or written (disk full, permissions)."""

"""The sandbox protocol, the values it takes and returns, and its backends.

A backend is a module with a class satisfying :class:`Sandbox`; ``BACKENDS`` is
a literal dict of them.  Only the docker modules (``docker_client``, ``docker_image``
and ``docker``) import docker, and only when that backend is asked for.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from harness.errors import UsageError
from validators import wall_ceiling

if TYPE_CHECKING:
    from harness.spec import ProblemLimits

__all__ = ["BACKENDS", "SESSION_HOSTS", "CommandResult", "Job", "Limits", "RunResult", "Sandbox",
           "SessionHost", "SessionStart", "get_backend", "get_session_host", "session_backend"]


@dataclass(frozen=True)
class Limits:
    """Resource limits for one run.  ``time`` is per test, in seconds of CPU."""

    time: float = 2.0
    memory_mb: int = 256
    output_bytes: int = 1 << 20
    pids: int = 128
    nofile: int = 1024
    cpus: float = 1.0
    tmpfs_mb: int = 64

    @classmethod
    def from_spec(cls, limits: ProblemLimits) -> Limits:
        """The one way a problem's ``limits:`` become run limits (the output limit
        included: every run of a problem, the candidate's own tests too, gets it)."""
        return cls(time=limits.time, memory_mb=limits.memory, output_bytes=limits.output)


@dataclass(frozen=True)
class Job:
    """One validator run: which mode, which folders, which limits.

    ``suite`` is a staged folder laid out as ``LEVEL/visible|hidden/...``; its
    first path component is the level each test belongs to.
    """

    mode: str  # pytest | collect | io | checker
    suite: Path
    nonce: str
    limits: Limits
    submission: Path | None = None
    outputs: Path | None = None  # checker mode: the submission's outputs
    entry: str = "solution.py"
    expected_tests: int = 1
    isolation: str = "process"  # pytest mode: process (tamper-proof) | inprocess (forgeable)
    requires: tuple[str, ...] = ()  # extra pinned packages: the docker backend's derived image

    def budget(self) -> float:
        """The wall-clock budget of the whole run, start-up included: every test may
        use its whole wall-clock ceiling (the per-test limit counts CPU time)."""
        return wall_ceiling(self.limits.time) * max(1, self.expected_tests) + 10.0


@dataclass(frozen=True)
class RunResult:
    """What came back from the sandbox, before any of it is believed."""

    results: bytes | None  # the raw results.json, or None when none could be read
    exit_code: int | None
    stdout: str  # the validator process's own output, capped
    timed_out: bool
    output_limited: bool
    oom_killed: bool
    duration: float
    isolated: bool
    note: str = ""


class Sandbox(Protocol):
    """Runs a validator job somewhere and reports back."""

    name: str
    isolated: bool

    def run(self, job: Job) -> RunResult:
        """Run ``job``; a failing submission is a result, never an exception."""
        ...


@dataclass(frozen=True)
class CommandResult:
    """What one command in a session's container gave: its exit code (None when it
    was stopped), its output (capped), and what stopped it (``timeout``,
    ``output_limit``, or empty)."""

    exit_code: int | None
    output: bytes
    stop: str = ""


@dataclass(frozen=True)
class SessionStart:
    """What a session host needs to start a session's container."""

    session_id: str
    workspace: Path
    bell: Path  # the folder the bell's frozen copy goes to
    seconds: float  # until the bell
    limits: Limits
    requires: tuple[str, ...] = ()


class SessionHost(Protocol):
    """Where a live session's container lives: its bell, its commands, its shell,
    and the fast path its validations take.  A backend without containers (local)
    says so by raising a UsageError for what it cannot do."""

    name: str
    containers: bool  # whether its sessions have a container (and so a bell)
    isolated: bool  # whether its sessions' code runs isolated from this machine

    def require(self) -> None:
        """Fail, before anything is created, when this host cannot start a session."""
        ...

    def start(self, start: SessionStart) -> str:
        """Start the session's container; its id ('' when there is none)."""
        ...

    def running(self, container_id: str) -> bool:
        """Whether the session's container runs."""
        ...

    def end_commands(self, container_id: str) -> None:
        """End every process the candidate started in it (nothing outlives a command)."""
        ...

    def execute(self, container_id: str, argv: list[str], *, budget: float,
                cap: int) -> CommandResult:
        """Run ``argv`` in the workspace inside the container, then end what it left."""
        ...

    def shell_argv(self, container_id: str) -> list[str]:
        """The command line of an interactive shell in the container."""
        ...

    def remove(self, session_id: str, container_id: str) -> bool:
        """Remove the session's containers (and ready ones); False when already gone."""
        ...

    def sandbox(self, session_id: str) -> Sandbox:
        """Where the session's validations run."""
        ...

    def replenish(self, session_id: str, limits: Limits, used: list[str]) -> None:
        """Get the next validation's sandbox ready (after ``used`` ones were spent)."""
        ...


def get_session_host(name: str) -> SessionHost:
    """The session host of backend ``name``; docker is imported only if asked for."""
    if name not in SESSION_HOSTS:
        raise UsageError(f"unknown sandbox backend {name!r}",
                         hint=f"choose one of: {', '.join(BACKENDS)}")
    module = importlib.import_module(SESSION_HOSTS[name])
    host: SessionHost = module.HOST
    return host


def get_backend(name: str) -> Sandbox:
    """The backend called ``name``; docker is imported only if asked for."""
    if name == "docker":
        from harness.sandbox.docker import DockerSandbox

        return DockerSandbox()
    if name == "local":
        from harness.sandbox.local import LocalSandbox

        return LocalSandbox()
    raise UsageError(f"unknown sandbox backend {name!r}", hint=f"choose one of: {', '.join(BACKENDS)}")


# One module per backend's session host, each exporting HOST.
SESSION_HOSTS = {
    "docker": "harness.sandbox.session_docker",
    "local": "harness.sandbox.session_local",
}

BACKENDS = {
    "docker": "a fresh, locked-down Docker container per run (isolated)",
    "local": "a subprocess with rlimits on this machine (NOT isolated; for machines without Docker)",
}
_ISOLATED = frozenset({"docker"})  # the backends whose runs are isolated (known without importing)


def session_backend(session: str, chosen: str) -> str:
    """Where a session's validation or submission runs: ``chosen`` when it is a backend
    that is not isolated (``--backend local`` on a docker session runs locally), else the
    session's own (the default, ``docker``, never makes a local session isolated)."""
    return session if chosen in _ISOLATED else chosen

"""The sandbox protocol, the values it takes and returns, and its backends.

A backend is a module with a class satisfying :class:`Sandbox`; ``BACKENDS`` is
a literal dict of them.  Only ``harness.sandbox.docker`` imports docker, and it
is imported only when that backend is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from harness.errors import UsageError
from validators import wall_ceiling

if TYPE_CHECKING:
    from harness.spec import ProblemLimits

__all__ = ["BACKENDS", "Job", "Limits", "RunResult", "Sandbox", "get_backend"]


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


def get_backend(name: str) -> Sandbox:
    """The backend called ``name``; docker is imported only if asked for."""
    if name == "docker":
        from harness.sandbox.docker import DockerSandbox

        return DockerSandbox()
    if name == "local":
        from harness.sandbox.local import LocalSandbox

        return LocalSandbox()
    raise UsageError(f"unknown sandbox backend {name!r}", hint=f"choose one of: {', '.join(BACKENDS)}")


BACKENDS = {
    "docker": "a fresh, locked-down Docker container per run (isolated)",
    "local": "a subprocess with rlimits on this machine (NOT isolated; for machines without Docker)",
}

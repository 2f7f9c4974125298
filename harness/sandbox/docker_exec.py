"""Running a command in a container: its output read with a byte cap, a watchdog that
ends it at its budget, and the killer that ends every process of the runner's uid."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

from harness.errors import SandboxError, SandboxUnavailable
from harness.sandbox.docker_client import Container

__all__ = ["CLEAN_ENV", "KILLED_HERE", "KILLER", "KILL_ALL", "WARDEN_SCRIPT", "Stream",
           "exec_capped", "exec_detached", "exec_running", "kill_runner", "runner_of"]

KILLER = "0:0"  # root in the container, with CAP_KILL only: ends the runner's processes
CLEAN_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "HOME": "/tmp",
    "LANG": "C.UTF-8",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
    # One CPU per container: numeric libraries must not start a thread per host core.
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


def runner_of(container: Container) -> str:
    """The ``uid:gid`` the submission runs as in ``container``."""
    uid = container.label("uid", "10001")
    return f"{uid}:{uid}"


@dataclass
class Stream:
    """What an exec printed, capped, and how it ended."""

    data: bytearray
    flooded: bool = False
    timed_out: bool = False
    exit_code: int | None = None


# A grading container holds nothing but the run: kill(-1) as root with CAP_KILL ends
# every process but PID 1 and the caller, atomically (a fork racing it is aborted).
# The shell's builtin, not Python: under a fork bomb the killer shares one CPU with
# a hundred spinning processes, and a Python start-up would take seconds.
KILL_ALL = ["/bin/sh", "-c", "for i in 1 2 3 4 5 6 7 8; do kill -9 -1 2>/dev/null || break; done"]

# In a session container the bell must live on: the warden's sweep stops every process
# of the runner uid first (a stopped process cannot fork), then kills them all.  The
# warden (the bell too) is mounted read-only into each session container.
WARDEN_SCRIPT = "/opt/harness/warden.py"
_DAEMON_ERRORS = (SandboxError, SandboxUnavailable)  # what a Container call may raise


def _watch(container: Container, exec_id: str, result: Stream, budget: float,
           done: threading.Event) -> None:
    """The watchdog.  Ends the runner's processes at the deadline, or as soon as the
    validator itself has exited (whatever it left behind may hold the output pipe
    open); if the output still has not ended 20 s later, kills the container."""
    deadline = time.monotonic() + budget
    while not done.wait(0.05):
        if time.monotonic() > deadline:
            result.timed_out = True
            break
        try:
            if container.exec_state(exec_id).ended:
                break
        except _DAEMON_ERRORS:
            break  # the exec or the daemon is gone; the reader sees that too
    if done.is_set():
        return
    kill_runner(container)
    if not done.wait(20.0):
        _kill_container(container)


# Containers this process killed as a last resort: their stop is the run's doing, not
# the daemon's (a set's add is atomic; the watchdog threads share it).
KILLED_HERE: set[str] = set()


def _kill_container(container: Container) -> None:
    """Kill the container; recorded only when the kill took (a container already stopped
    from outside refuses it, and stays counted as stopped from outside)."""
    with contextlib.suppress(*_DAEMON_ERRORS):
        container.kill()
        KILLED_HERE.add(container.id)


def kill_runner(container: Container) -> None:
    """Kill every process of the runner user; kill the container if even that fails."""
    uid = runner_of(container).split(":")[0]
    session = container.label("kind") == "session"
    argv = ["python3", "-I", WARDEN_SCRIPT, "sweep", uid] if session else KILL_ALL
    try:
        code, _ = container.exec_run(argv, user=KILLER)
    except _DAEMON_ERRORS:
        code = -1
    if code != 0:
        _kill_container(container)


def exec_capped(container: Container, argv: list[str], *, budget: float, cap: int, keep: int,
                workdir: str = "/tmp", user: str = "", environment: dict[str, str] | None = None
                ) -> Stream:
    """Run ``argv`` as ``user`` (the runner user unless given); keep ``keep`` bytes
    of its output, stop it past ``cap`` bytes or ``budget`` seconds.  The watchdog,
    not the reader, ends a run that prints nothing."""
    exec_id = container.exec_create(argv, user=user or runner_of(container),
                                    environment=environment or CLEAN_ENV, workdir=workdir)
    result = Stream(bytearray())
    done = threading.Event()
    monitor = threading.Thread(target=_watch, args=(container, exec_id, result, budget, done),
                               daemon=True)
    stream = container.exec_stream(exec_id)
    monitor.start()
    try:
        _read(stream, result, cap, keep, container)
    finally:
        done.set()
    result.exit_code = container.exec_state(exec_id).exit_code
    return result


def _read(chunks: Iterator[bytes], result: Stream, cap: int, keep: int,
          container: Container) -> None:
    total = 0
    for chunk in chunks:
        total += len(chunk)
        room = keep - len(result.data)
        if room > 0:
            result.data += chunk[:room]
        if total > cap:
            result.flooded = True
            kill_runner(container)
            break
    with contextlib.suppress(Exception):
        chunks.close()  # type: ignore[attr-defined]


def exec_detached(container: Container, argv: list[str], user: str = "") -> str:
    """Start ``argv`` as ``user`` (the runner user unless given), output discarded;
    its exec id."""
    exec_id = container.exec_create(argv, user=user or runner_of(container),
                                    environment=CLEAN_ENV, workdir="/tmp")
    container.exec_detach(exec_id)
    return exec_id


def exec_running(container: Container, exec_id: str) -> bool | None:
    """Whether an exec still runs (or is about to); None when the daemon cannot say."""
    try:
        return not container.exec_state(exec_id).ended
    except _DAEMON_ERRORS:
        return None



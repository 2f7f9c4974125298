"""The Docker backend: a fresh, locked-down container for every run.

The daemon and container handles live in ``docker_client.py``, the image in
``docker_image.py``; this module keeps the runs.  Each run creates a container whose
main process (in-container root) only idles; the validator runs in it through one
``exec`` of the supervisor (root holding CAP_SETUID, CAP_SETGID and CAP_KILL only),
which runs the tests as one random uid and the submission as another (docs/isolation.md),
with a watchdog and a byte cap on what it prints.
When it ends, every ``runner`` process is killed, the results file is read by a
trusted step (regular files only, size-capped), and the container is removed
on every path, Ctrl-C included.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from typing import Any

from docker.types import Ulimit

from harness.errors import SandboxError, SandboxUnavailable
from harness.limits import RESULTS_CAP
from harness.paths import harness_home
from harness.sandbox import Job, Limits, RunResult
from harness.sandbox.command import NONCE_ENV, supervised_argv
from harness.sandbox.docker_client import (
    LABEL,
    Container,
    ContainerState,
    Daemon,
    DaemonRefused,
    connect,
    lost_daemon,
)
from harness.sandbox.docker_exec import (
    CLEAN_ENV,
    KILL_ALL,
    KILLED_HERE,
    KILLER,
    Stream,
    exec_capped,
    runner_of,
)
from harness.sandbox.docker_image import require_image
from harness.sandbox.image import validators_dir
from harness.sandbox.run_labels import current_labels

__all__ = ["BOOT", "SUPERVISOR", "DockerSandbox", "create_started", "finish", "hardened_config",
           "new_runner_uid", "tests_uid_of"]

# The idle main process runs as in-container root holding CAP_KILL and nothing else
# (no-new-privileges, every other capability dropped): an exec as a non-root user
# on a non-root container gets no capabilities at all, so the killer (docker_exec.py) needs
# the main user to be root.  The submission runs as a runner uid with none.
WARDEN = "0:0"
# Each container runs the submission under a uid of its own, so that a fork bomb's
# nproc count, and its signals, never reach another run's processes.
RUNNER_UIDS = (20000, 60000)
SUPERVISOR = "0:0"  # root in the container: starts the tests and the submission as their uids
STDOUT_KEEP = 64 << 10  # bytes of the validator's own output kept for messages
# Where a grading container's tests process writes the results: root and uid A only.
RESULTS_DIR = "/job/out"
# Where a cold grading container sees the job's folders.
COLD_PATHS = {"suite": "/job/private/tests", "submission": "/job/pub/sub", "outputs": "/job/outputs",
              "out": f"{RESULTS_DIR}/results.json", "private": "/job/private"}
# How the validator starts inside a container (the package is mounted at /opt/harness).
BOOT = "import sys; sys.path.insert(0, '/opt/harness'); from validators.__main__ import main; main()"


def new_runner_uid() -> int:
    return secrets.randbelow(RUNNER_UIDS[1] - RUNNER_UIDS[0]) + RUNNER_UIDS[0]


def new_uids() -> tuple[int, int]:
    """(tests uid A, submission uid B): two different random uids for one container."""
    tests = new_runner_uid()
    submission = new_runner_uid()
    while submission == tests:
        submission = new_runner_uid()
    return tests, submission


def tests_uid_of(container: Container) -> int:
    return int(container.label("tests-uid", "0"))


def _grading_mounts(limits: Limits, tests_uid: int) -> dict[str, str]:
    """The tests' private space and the results folder of a grading container: root
    and group A may enter, uid B (neither owner nor in the group) may not even list.
    The suite is bind-mounted under /job/private (docker mounts in path order, so it
    lands inside the tmpfs, whose mode guards it).  Neither path exists in the image:
    docker copies an existing folder's mode up over the tmpfs's own (the image's
    /out is 0755, and stays so whatever ``mode=`` says)."""
    return {
        "/job/private": f"rw,nosuid,nodev,size={limits.tmpfs_mb}m,nr_inodes=16384,uid=0,"
                        f"gid={tests_uid},mode=0770",
        RESULTS_DIR: f"rw,nosuid,nodev,noexec,size=40m,nr_inodes=1024,uid=0,gid={tests_uid},"
                     "mode=0770",
    }


def hardened_config(limits: Limits, volumes: dict[str, dict[str, str]], kind: str,
                    uid: int, tests_uid: int = 0) -> dict[str, Any]:
    """The container settings (docker-py's arguments).  Every secure default is written
    out here.  A grading container (``tests_uid`` given) runs its supervisor as root
    with CAP_SETUID and CAP_SETGID besides CAP_KILL: it starts the tests as
    ``tests_uid`` and the submission as ``uid``, both left with no capability at all."""
    mem = f"{limits.memory_mb}m"
    tmpfs = {"/tmp": f"rw,nosuid,nodev,size={limits.tmpfs_mb}m,nr_inodes=16384,uid={uid},"
                     f"gid={uid},mode=0700"}
    if tests_uid:
        tmpfs.update(_grading_mounts(limits, tests_uid))
    else:
        # 0755: the results reader runs as the in-container root, which holds no
        # CAP_DAC_OVERRIDE, right after the killer, in the same exec.
        tmpfs["/out"] = f"rw,nosuid,nodev,noexec,size=40m,nr_inodes=1024,uid={uid},gid={uid},mode=0755"
    return {
        # PID 1 reaps zombies and orphans, and, as init of the pid namespace, is the one
        # process that kill(-1) spares: the killer can end everything else at once.
        "command": ["python3", "-I", "-c", _REAPER],  # idles; work arrives through exec
        "user": WARDEN,
        "init": False,
        "network_mode": "none",  # no network at all, loopback only
        "network_disabled": True,
        "read_only": True,  # read-only root file system
        "tmpfs": tmpfs,
        "shm_size": "16m",
        "cap_drop": ["ALL"],
        # Effective for in-container root only (the killer, the supervisor), never for a
        # non-root process: the tests and the submission hold none (CapEff 0).
        "cap_add": ["KILL", "SETUID", "SETGID"] if tests_uid else ["KILL"],
        "security_opt": ["no-new-privileges:true"],
        # pids_limit=0 would be ignored, so always > 0; the headroom above the runner's
        # nproc keeps a process id free for the killer and the results reader.
        "pids_limit": limits.pids + 32,
        "mem_limit": mem,
        "memswap_limit": mem,  # equal to mem_limit: no swap
        "nano_cpus": int(limits.cpus * 1e9),
        "ulimits": [
            Ulimit(name="nofile", soft=limits.nofile, hard=limits.nofile),
            Ulimit(name="nproc", soft=limits.pids, hard=limits.pids),
            Ulimit(name="fsize", soft=64 << 20, hard=64 << 20),
            Ulimit(name="core", soft=0, hard=0),
        ],
        "environment": CLEAN_ENV,
        "volumes": volumes,
        "working_dir": "/tmp",
        "labels": {LABEL: "1", f"{LABEL}.kind": kind, f"{LABEL}.pid": str(os.getpid()),
                   f"{LABEL}.uid": str(uid), f"{LABEL}.tests-uid": str(tests_uid),
                   f"{LABEL}.home": str(harness_home()),
                   **current_labels()},  # a cluster worker's name, job and attempt
        "detach": True,
        "stdin_open": False,
        "tty": False,
        "log_config": {"type": "none", "config": {}},  # output is read through exec, not logs
    }


_DAEMON_ERRORS = (SandboxError, SandboxUnavailable)  # what a Container call may raise
_REAPER = """
import os, signal
def reap(*_):
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
signal.signal(signal.SIGCHLD, reap)
signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
while True:
    signal.pause()
"""


# After the killer, nothing of the run is left to race with: print the OOM-kill count
# (cgroup v2 or v1), then the results file if it is a regular file and not a link
# (a FIFO or a symlink planted there is refused), capped.  Shell builtins and one
# final `exec`: the read-back needs no process beyond its own (right after a fork
# bomb, the pids limit may still be held by zombies PID 1 has not reaped yet), and a
# Python start-up here would cost more than the rest of the read-back.
_READOUT = (
    "o=0; for c in /sys/fs/cgroup/memory.events /sys/fs/cgroup/memory/memory.oom_control; "
    'do [ -r "$c" ] || continue; while read -r k v; do [ "$k" = oom_kill ] && o=$v; '
    f'done < "$c"; done; echo "oom_kills=$o"; f={RESULTS_DIR}/results.json; '
    f'if [ -f "$f" ] && [ ! -L "$f" ]; then exec head -c {RESULTS_CAP + 1} "$f"; fi'
)
_READ_TRIES = 15  # 0.2 s apart: time for PID 1 to reap what the killer left


def _supervise(container: Container, job: Job) -> Stream:
    """The supervisor's exec: root, the nonce in its environment only."""
    argv = supervised_argv(job, python="python3", root="/opt/harness", paths=COLD_PATHS,
                           uids=(tests_uid_of(container), int(runner_of(container).split(":")[0])))
    return exec_capped(container, argv, budget=job.budget(),
                       cap=job.limits.output_bytes + STDOUT_KEEP, keep=STDOUT_KEEP,
                       user=SUPERVISOR, environment={**CLEAN_ENV, NONCE_ENV: job.nonce})


def _end_and_read(container: Container) -> tuple[bytes | None, int]:
    """One trusted exec: end every process of the run (nothing it started outlives
    it, and nothing can rewrite the results), then read the results file and the
    OOM-kill count."""
    argv = ["/bin/sh", "-c", f"{KILL_ALL[2]}; {_READOUT}"]
    for _ in range(_READ_TRIES):
        try:
            code, out = container.exec_run(argv, user=KILLER)
        except (DaemonRefused, ValueError):
            # ValueError: docker-py misread a frame header of the reply, a known
            # intermittent fault under load (docker/docker-py#3160); the read-back
            # is idempotent, so it is simply read again.
            code, out = -1, None
        if code == 0 and out:
            head, _, body = out.partition(b"\n")
            oom = int(head.split(b"=", 1)[1]) if head.startswith(b"oom_kills=") else 0
            return (body or None), oom
        # The exec could not start (no pid free yet) or the container is gone.
        if not _still_running(container):
            break
        time.sleep(0.2)
    return None, 0


def _still_running(container: Container) -> bool:
    try:
        return container.state().running
    except DaemonRefused:  # gone
        return False


_EXTRA_BUILD = threading.Lock()


class DockerSandbox:
    """Runs each job in a fresh container; see the module docstring."""

    name = "docker"
    isolated = True

    def __init__(self, daemon: Daemon | None = None, image: str | None = None) -> None:
        self._daemon = daemon
        self._image = image
        self._extra: dict[tuple[str, ...], str] = {}  # derived image per set of requires

    @property
    def daemon(self) -> Daemon:
        if self._daemon is None:
            self._daemon = connect()
        return self._daemon

    def image(self, requires: tuple[str, ...] = ()) -> str:
        """The sandbox image, or for a problem that requires extra packages, the image
        derived from it with exactly those (built once, the first time it is asked for)."""
        if self._image is None:
            self._image = require_image(self.daemon)
        if not requires:
            return self._image
        from harness.sandbox.extras import ensure_extra_image

        with _EXTRA_BUILD:  # parallel runs of one check must not build it twice
            if requires not in self._extra:  # looked up once per sandbox, not once per run
                self._extra[requires] = ensure_extra_image(requires, self.daemon, self._image)
            return self._extra[requires]

    def volumes(self, job: Job) -> dict[str, dict[str, str]]:
        vols = {
            str(validators_dir()): {"bind": "/opt/harness/validators", "mode": "ro"},
            str(job.suite.resolve()): {"bind": "/job/private/tests", "mode": "ro"},
        }
        if job.submission is not None:
            vols[str(job.submission.resolve())] = {"bind": COLD_PATHS["submission"], "mode": "ro"}
        if job.outputs is not None:
            vols[str(job.outputs.resolve())] = {"bind": "/job/outputs", "mode": "ro"}
        return vols

    def run(self, job: Job) -> RunResult:
        """Create, start, exec, read back, remove.  Failures of the submission are data;
        a lost daemon is DaemonLost."""
        started = time.perf_counter()
        tests_uid, uid = new_uids()
        config = hardened_config(job.limits, self.volumes(job), kind="run", uid=uid,
                                 tests_uid=tests_uid)
        try:
            container = self.daemon.create(self.image(job.requires), config)
        except DaemonRefused as exc:
            raise SandboxError(f"Docker could not create the sandbox container: {exc.detail}") from exc
        try:
            container.start()
            stream = _supervise(container, job)
            return finish(container, timed_out=stream.timed_out, flooded=stream.flooded,
                          stdout=bytes(stream.data), started=started)
        except DaemonRefused as exc:
            if _stopped_under_us(container):  # e.g. the exec vanished with a daemon restart
                raise lost_daemon() from exc
            raise SandboxError(f"the sandbox failed: {exc.detail}") from exc
        finally:
            container.remove()


def create_started(daemon: Daemon, limits: Limits, volumes: dict[str, dict[str, str]], kind: str,
                   labels: dict[str, str]) -> Container:
    """A started grading container with the hardened settings and extra labels."""
    tests_uid, uid = new_uids()
    config = hardened_config(limits, volumes, kind=kind, uid=uid, tests_uid=tests_uid)
    config["labels"].update(labels)
    image = require_image(daemon)
    try:
        container = daemon.create(image, config)
        container.start()
    except DaemonRefused as exc:
        raise SandboxError(f"could not start a sandbox container: {exc.detail}") from exc
    return container


def finish(container: Container, *, timed_out: bool, flooded: bool, stdout: bytes, started: float,
           keep: bool = False) -> RunResult:
    """End the run in ``container`` and read its results back.  The container is
    removed, unless ``keep``: then the caller has it removed later (it is dead weight
    by then: every process of the run is gone)."""
    try:
        results, oom = _end_and_read(container)
        state = container.state()
    except _DAEMON_ERRORS as exc:
        raise lost_daemon() from exc
    finally:
        if not keep:
            container.remove()
    oom_killed = oom > 0 or state.oom_killed
    if results is None and _stopped_from_outside(container, state, oom_killed):
        raise lost_daemon()
    return RunResult(
        results=results, exit_code=None, stdout=stdout.decode("utf-8", "replace"),
        timed_out=timed_out, output_limited=flooded,
        oom_killed=oom_killed,
        duration=time.perf_counter() - started, isolated=True,
        note="" if state.running else "the sandbox container stopped during the run",
    )


def _stopped_from_outside(container: Container, state: ContainerState, oom_killed: bool) -> bool:
    """Whether a grading container stopped for a reason outside the run.  Its PID 1,
    the reaper, runs as root where the submission cannot signal it; it stops only when
    the watchdog kills the container as a last resort (recorded here), when the OOM
    killer picks it, or from outside: `docker stop`, or a daemon shutting down."""
    if state.running or oom_killed:
        return False
    return container.id not in KILLED_HERE


def _stopped_under_us(container: Container) -> bool:
    """After a Docker error mid-run: whether the container is gone or was stopped from
    outside (then the daemon, not the submission, is at fault)."""
    try:
        state = container.state()
    except _DAEMON_ERRORS:
        return True  # gone, or the daemon cannot even say
    return _stopped_from_outside(container, state, state.oom_killed)

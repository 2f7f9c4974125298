"""Containers started ahead of need, each used once: the session's fast path.

After every validation (and at `harness start`) a detached helper starts the
session's next container with a *zygote* in it: the validator, already past its
imports, waiting for a job.  Nothing of the submission is in it yet.  The next
`harness validate` claims it, moves the staged suite into the folder mounted under
the private ``/job/private`` (only root and the tests' uid can enter it) and the
submission into the one mounted at ``/job/pub``, writes the job and its nonce to
``/job/private/in/ready.json``, and watches the run.  When the run is over the
zygote, which has ended every process of both uids by then, hands the results back
through ``/job/back``, a folder of this user's that neither uid can enter
(validators/hand_back.py): no exec, no read-back through the daemon.  A run that
does not hand back (past its budget, the zygote killed) is ended and read back by
the trusted exec as a cold run is.  The used container is removed off the critical
path.  Every grading run still gets a fresh container: only its start-up and its
read-back moved out of the way.

In pytest's process mode the zygote also starts the run's first submission
server (as the submission's uid, past Python's start-up and, where the problem's
reference imports numpy, numpy's import); it runs none of the submission's code
until the run's tests import it (see validators/zygote.py).

Falls back to the cold path (create, start, run) whenever no ready container
is there, so correctness never depends on the helper having run.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from harness.detached import detached
from harness.errors import DaemonLost, HarnessError
from harness.limits import RESULTS_CAP
from harness.paths import harness_home, private_dir, write_private
from harness.sandbox import Job, Limits, RunResult
from harness.sandbox.command import supervised_argv
from harness.sandbox.image import validators_dir
from validators.hand_back import END, RESULTS

if TYPE_CHECKING:
    from harness.sandbox.docker_client import Container

__all__ = ["Cancelled", "WarmSandbox", "discard", "prepare", "spawn_prepare"]

IN_SANDBOX = {"suite": "/job/private/in/tests", "submission": "/job/pub/sub",
              "outputs": "/job/outputs", "out": "/job/out/results.json", "private": "/job/private"}
READY_FILE = "/job/private/in/ready.json"
BACK_DIR = "/job/back"  # where the zygote hands the run back (validators/hand_back.py)
# Ready containers kept per session: one for the visible tests, one for the candidate's
# own tests, which `validate` runs at the same time in a container of their own.
READY = 2
EXEC_POLL = 0.1  # s between the daemon's answers on whether a ready container's run still runs


class Cancelled(HarnessError):
    """A run given up because its validation was interrupted (never shown: the
    KeyboardInterrupt that caused it is)."""


# The image's packages a submission server may import ahead (validators.__main__
# PRELOADABLE), each with what in the problem's reference says it is used.
PRELOADS = {"numpy": re.compile(r"^\s*(?:import|from)\s+numpy\b", re.MULTILINE)}


@dataclass(frozen=True)
class StartAhead:
    """What a ready container starts before the job: the first submission server
    (pytest's process mode only) and the modules it imports first."""

    server: bool = False
    preload: tuple[str, ...] = ()

    def argv(self, submission_uid: int) -> list[str]:
        if not self.server:
            return []
        args = ["--submission", IN_SANDBOX["submission"], "--submission-uid", str(submission_uid)]
        for name in self.preload:
            args += ["--preload", name]
        return args


def ahead_for(problem_root: Path) -> StartAhead:
    """What to start ahead for the problem at ``problem_root`` (nothing when it
    cannot be loaded: the cold path never depends on this)."""
    from harness.spec import load_problem

    try:
        problem = load_problem(problem_root)
    except (HarnessError, OSError):
        return StartAhead()
    spec = problem.spec
    if spec.mode != "pytest" or spec.isolation != "process":
        return StartAhead()
    sources = []
    for path in sorted(problem.path(spec.solution).rglob("*.py")):
        if path.is_file() and not path.is_symlink():
            try:
                sources.append(path.read_text(encoding="utf-8", errors="replace")[:200_000])
            except OSError:
                continue
    text = "\n".join(sources)
    return StartAhead(True, tuple(name for name, used in PRELOADS.items() if used.search(text)))


def _session_ahead(session_id: str) -> StartAhead:
    from harness.store import Store

    row = Store().session(session_id)
    return ahead_for(Path(row.problem_root)) if row is not None else StartAhead()


def _root(session_id: str) -> Path:
    return harness_home() / "warm" / session_id


@dataclass(frozen=True)
class _Slot:
    folder: Path
    container_id: str
    exec_id: str
    limits: tuple[int, int]
    uids: tuple[int, int]  # (tests, submission)
    back: bool  # the zygote hands the run back through ``folder/back`` (hand_back.py)


def prepare(session_id: str, limits: Limits, ahead: StartAhead = StartAhead()) -> Path:
    """Start one ready container for ``session_id``; its folder."""
    from harness.sandbox.docker import BOOT, SUPERVISOR, create_started, tests_uid_of
    from harness.sandbox.docker_client import LABEL, connect
    from harness.sandbox.docker_exec import exec_detached, runner_of

    folder = private_dir(_root(session_id) / secrets.token_hex(6))
    for part in ("private", "public"):  # mounted into the container: its uids read them
        (folder / part).mkdir(mode=0o755)
        (folder / part).chmod(0o755)
    private_dir(folder / "back")  # 0700, this user's: neither uid of the run can enter
    volumes = {str(validators_dir()): {"bind": "/opt/harness/validators", "mode": "ro"},
               str(folder / "private"): {"bind": "/job/private/in", "mode": "ro"},
               str(folder / "public"): {"bind": "/job/pub", "mode": "ro"},
               str(folder / "back"): {"bind": BACK_DIR, "mode": "rw"}}
    container = create_started(connect(), limits, volumes, kind="warm",
                               labels={f"{LABEL}.session": session_id})
    uids = [tests_uid_of(container), int(runner_of(container).split(":")[0])]
    # Were this user one of the run's uids, that uid could write the folder: read back
    # the old way then.
    back = os.getuid() not in uids
    hand_back = ["--hand-back", BACK_DIR, "--out", IN_SANDBOX["out"]] if back else []
    try:
        exec_id = exec_detached(container, ["python3", "-I", "-c", BOOT, "zygote", "--ready", READY_FILE,
                                            *hand_back, *ahead.argv(uids[1])], user=SUPERVISOR)
    except Exception:
        container.remove()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    write_private(folder / "slot.json", json.dumps({"container": container.id, "exec": exec_id,
                                                    "limits": [limits.memory_mb, limits.pids],
                                                    "uids": uids, "back": back}))
    write_private(folder / "free", "")  # last: only now may a validation claim it
    return folder


def spawn_prepare(session_id: str, limits: Limits, used: list[str] | None = None) -> None:
    """Prepare the next container in a detached process, then remove the ``used``
    ones; never waits, never fails (`harness gc` sweeps what a failed helper left)."""
    args = [sys.executable, "-m", "harness.sandbox.warm", session_id, f"{limits.time:g}",
            str(limits.memory_mb), str(limits.output_bytes), *(used or [])]
    detached(args)


def _claim(session_id: str) -> _Slot | None:
    root = _root(session_id)
    if not root.is_dir():
        return None
    for folder in sorted(root.iterdir()):
        try:
            (folder / "free").rename(folder / "claimed")  # atomic: one claimant wins
        except OSError:
            continue
        data = json.loads((folder / "slot.json").read_text())
        return _Slot(folder, data["container"], data["exec"], tuple(data["limits"]),
                     tuple(data["uids"]), bool(data.get("back", False)))
    return None


def discard(session_id: str) -> int:
    """Remove the session's ready containers and folders; how many containers went."""
    from harness.sandbox.docker_client import LABEL, connect, listed, remove_id

    removed = 0
    try:
        client = connect()
        for entry in listed(client, [f"{LABEL}.kind=warm", f"{LABEL}.session={session_id}"]):
            remove_id(client, entry["Id"])
            removed += 1
    except HarnessError:
        pass
    shutil.rmtree(_root(session_id), ignore_errors=True)
    return removed


class WarmSandbox:
    """The docker backend, using a session's ready container when there is one."""

    name = "docker"
    isolated = True

    def __init__(self, session_id: str) -> None:
        from harness.sandbox.docker import DockerSandbox

        self.session_id = session_id
        self.cold = DockerSandbox()
        self.used: list[str] = []
        self.cancelled = threading.Event()

    def cancel(self) -> None:
        """Ctrl-C: every run of this sandbox still waiting stops and takes its
        container with it, so that an interrupted validation ends at once and clean."""
        self.cancelled.set()

    def run(self, job: Job) -> RunResult:
        # Ready containers run the plain sandbox image: a problem with extra packages
        # takes the cold path, on its derived image.
        ready = job.mode in ("pytest", "io") and not job.requires
        slot = _claim(self.session_id) if ready else None
        if slot is None:
            return self.cold.run(job)
        try:
            result = self._run_warm(slot, job)
        finally:
            shutil.rmtree(slot.folder, ignore_errors=True)
        return result if result is not None else self.cold.run(job)

    def _run_warm(self, slot: _Slot, job: Job) -> RunResult | None:
        from harness.sandbox.docker import finish
        from harness.sandbox.docker_client import connect, get_container
        from harness.sandbox.docker_exec import exec_running

        container = get_container(connect(), slot.container_id)
        fits = slot.limits == (job.limits.memory_mb, job.limits.pids)
        if container is None or not fits or not exec_running(container, slot.exec_id):
            if container is not None:
                container.remove()
            return None  # the ready container died: take the cold path
        started = time.perf_counter()
        back = slot.folder / "back" if slot.back else None
        try:
            self._hand_over(slot, job)
            outcome = self._wait(container, slot.exec_id, job.budget(), back)
        except BaseException:  # Ctrl-C, or cancelled: the run is abandoned with its container
            container.remove()
            raise
        self.used.append(container.id)  # removed by the next helper, off the critical path
        if outcome == "back" and back is not None:
            handed = _handed_back(back)
            if handed is not None:
                results, oom = handed
                return RunResult(results=results, exit_code=None, stdout="", timed_out=False,
                                 output_limited=False, oom_killed=oom > 0,
                                 duration=time.perf_counter() - started, isolated=True)
        return finish(container, timed_out=outcome == "timeout", flooded=False, stdout=b"",
                      started=started, keep=True)

    @staticmethod
    def _hand_over(slot: _Slot, job: Job) -> None:
        """Move the staged folders under the mounts, then say go (the nonce goes only
        into the private folder, never into an argv)."""
        private = slot.folder / "private"
        job.suite.rename(private / "tests")
        if job.submission is not None:
            job.submission.rename(slot.folder / "public" / "sub")
        argv = supervised_argv(job, python="python3", root="/opt/harness", paths=IN_SANDBOX,
                               uids=slot.uids)[4:]
        ready = private / "ready.tmp"
        ready.write_text(json.dumps({"argv": argv, "nonce": job.nonce}))
        ready.chmod(0o644)
        ready.rename(private / "ready.json")

    def _wait(self, container: Container, exec_id: str, budget: float,
              back: Path | None) -> str:
        """How the run ended: "back" (handed back, see ``_handed_back``), "ended" (the
        zygote's exec ended without that) or "timeout" (past its budget); the finish
        step reads back and ends the last two.  The hand-back is a file on this side,
        looked for every few milliseconds for nothing; the daemon is asked about the
        exec only every EXEC_POLL (the run shares the machine with it)."""
        from harness.sandbox.docker_exec import exec_running

        end = back / END if back is not None else None
        deadline = time.monotonic() + budget
        asked = 0.0
        pause = 0.002
        while (now := time.monotonic()) < deadline:
            if self.cancelled.is_set():
                raise Cancelled("the validation was interrupted")
            if end is not None and end.exists():
                return "back"
            if end is None or now - asked >= EXEC_POLL:
                asked = now
                running = exec_running(container, exec_id)
                if running is None:
                    raise DaemonLost(
                        "lost the Docker daemon during the run (was it restarted?)",
                        hint="nothing was recorded for this run; check `harness doctor`, "
                             "then run again")
                if not running:
                    return "back" if end is not None and end.exists() else "ended"
            time.sleep(pause)
            if end is None:
                pause = min(pause * 1.5, 0.01)
        return "timeout"


def _handed_back(folder: Path) -> tuple[bytes | None, int] | None:
    """(results or None, OOM kills) from a hand-back; None if it cannot be read (then
    the run is read back the old way).  Only the zygote, as this user, writes there."""
    try:
        head = (folder / END).read_text(encoding="ascii")
        oom = int(head.strip().split("=", 1)[1]) if head.startswith("oom_kills=") else 0
    except (OSError, ValueError, IndexError):
        return None
    try:
        fd = os.open(folder / RESULTS, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return None, oom  # the tests process wrote none
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        return fh.read(RESULTS_CAP + 1) or None, oom


def _free(session_id: str) -> int:
    root = _root(session_id)
    return sum((folder / "free").exists() for folder in root.iterdir()) if root.is_dir() else 0


def _ended(session_id: str) -> bool:
    from harness.store import Store

    row = Store().session(session_id)
    return row is None or row.ended is not None


def _main(argv: list[str]) -> int:
    session_id, seconds, memory, output, *used = argv
    limits = Limits(time=float(seconds), memory_mb=int(memory), output_bytes=int(output))
    code = 0
    try:
        ahead = _session_ahead(session_id)
        for _ in range(READY - _free(session_id)):  # top up: an unused one is still there
            if _ended(session_id):
                break
            prepare(session_id, limits, ahead)
    except HarnessError:
        code = 1
    if _ended(session_id):  # submitted or abandoned while this was starting: take it back
        discard(session_id)
    if used:
        from harness.sandbox.docker_client import connect, get_container

        daemon = connect()
        for container_id in used:
            container = get_container(daemon, container_id)
            if container is not None:
                container.remove()
    return code


if __name__ == "__main__":
    os.umask(0o022)
    sys.exit(_main(sys.argv[1:]))

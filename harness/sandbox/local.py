"""The local backend: a subprocess with rlimits and a process-group kill.

NOT isolated: the submission runs as you, on your machine, with your network
and your files.  It exists for machines without Docker and for fast unit tests;
every result it produces says so.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from harness.limits import RESULTS_CAP
from harness.sandbox import Job, RunResult
from harness.sandbox.command import NONCE_ENV, validator_argv
from harness.sandbox.image import validators_dir

__all__ = ["LocalSandbox"]

STDOUT_KEEP = 64 << 10
ADDRESS_SPACE_HEADROOM = 256 << 20  # bytes mapped by Python, pytest and numpy beyond the limit


def _limit(job: Job) -> None:
    """Runs in the child before exec: the rlimits this backend can offer."""
    # Address space, not RSS: the interpreter and its libraries map some without using
    # it, hence the headroom; beyond that, an allocation fails with MemoryError (the
    # `memory` verdict) well before the machine feels it.
    space = (job.limits.memory_mb << 20) + ADDRESS_SPACE_HEADROOM
    resource.setrlimit(resource.RLIMIT_AS, (space, space))
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 << 20, 64 << 20))
    resource.setrlimit(resource.RLIMIT_NOFILE, (job.limits.nofile, job.limits.nofile))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _read_capped(path: Path) -> bytes:
    """The results file, no more than the cap (plus one byte, so that excess shows)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as fh:
        return fh.read(RESULTS_CAP + 1)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


class LocalSandbox:
    """Runs the validator as a child process of the harness."""

    name = "local"
    isolated = False

    def run(self, job: Job) -> RunResult:
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="harness-local-") as tmp:
            out = Path(tmp) / "results.json"
            paths = {"suite": str(job.suite), "submission": str(job.submission),
                     "outputs": str(job.outputs), "out": str(out)}
            argv = validator_argv(job, python=sys.executable, root=str(validators_dir().parent),
                                  paths=paths)
            env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp, "LANG": "C.UTF-8",
                   "PYTHONDONTWRITEBYTECODE": "1", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
                   "TMPDIR": tmp, NONCE_ENV: job.nonce}
            proc = subprocess.Popen(argv, cwd=tmp, env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, start_new_session=True,
                                    preexec_fn=lambda: _limit(job))  # noqa: PLW1509
            kept, flooded = bytearray(), threading.Event()
            reader = threading.Thread(target=self._drain, args=(proc, job, kept, flooded),
                                      daemon=True)
            reader.start()
            timed_out = False
            try:
                proc.wait(timeout=job.budget())
            except subprocess.TimeoutExpired:
                timed_out = True
            finally:
                _kill_group(proc.pid)  # background children die with the group
                proc.wait()
                reader.join(timeout=5)
            results = _read_capped(out) if out.is_file() else None
        return RunResult(
            results=results, exit_code=proc.returncode,
            stdout=bytes(kept).decode("utf-8", "replace"), timed_out=timed_out,
            output_limited=flooded.is_set(), oom_killed=False,
            duration=time.perf_counter() - started, isolated=False,
            note="local backend: NOT isolated (no container; the code ran as you)"
            + (f"; it does not install the problem's requires ({', '.join(job.requires)}): "
               "they came from this machine, if at all" if job.requires else ""),
        )

    @staticmethod
    def _drain(proc: subprocess.Popen[bytes], job: Job, kept: bytearray,
               flooded: threading.Event) -> None:
        assert proc.stdout is not None
        total, cap = 0, job.limits.output_bytes + STDOUT_KEEP
        stream = proc.stdout
        for chunk in iter(lambda: stream.read1(65536), b""):  # type: ignore[attr-defined]
            total += len(chunk)
            room = STDOUT_KEEP - len(kept)
            if room > 0:
                kept += chunk[:room]
            if total > cap:
                flooded.set()
                _kill_group(proc.pid)
                return

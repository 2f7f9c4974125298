"""The validator's command line, shared by every backend.

The nonce is never on a command line: ``/proc/PID/cmdline`` is readable by every
process in the container.  Backends pass it in the environment (``NONCE_ENV``) of
the process they start, which another uid cannot read.
"""

from __future__ import annotations

from harness.sandbox import Job

__all__ = ["NONCE_ENV", "supervised_argv", "validator_argv"]

NONCE_ENV = "HARNESS_NONCE"


def validator_argv(job: Job, *, python: str, root: str, paths: dict[str, str]) -> list[str]:
    """argv that runs ``validators`` in ``job.mode``.

    ``root`` is the folder holding the ``validators`` package; ``paths`` maps
    ``suite``, ``submission``, ``outputs`` and ``out`` to where they are seen.
    ``-I`` keeps PYTHONPATH, user site-packages and the working folder out of
    ``sys.path``, so a candidate's ``sitecustomize.py`` or ``.pth`` never loads.
    """
    bootstrap = f"import sys; sys.path.insert(0, {root!r}); from validators.__main__ import main; main()"
    argv = [
        python, "-I", "-c", bootstrap, job.mode,
        "--suite", paths["suite"],
        "--out", paths["out"],
        "--time-limit", f"{job.limits.time:g}",
        "--output-limit", str(job.limits.output_bytes),
        "--entry", job.entry,
        "--isolation", job.isolation,
    ]
    if job.submission is not None:
        argv += ["--submission", paths["submission"]]
    if job.outputs is not None:
        argv += ["--outputs", paths["outputs"]]
    return argv


def supervised_argv(job: Job, *, python: str, root: str, paths: dict[str, str],
                    uids: tuple[int, int]) -> list[str]:
    """argv that runs ``job`` under the in-container supervisor: the tests as
    ``uids[0]``, the submission as ``uids[1]``; ``paths["private"]`` is the folder
    only root and the tests' uid can reach."""
    argv = validator_argv(job, python=python, root=root, paths=paths)
    return [*argv[:4], "supervise", "--run", job.mode, "--tests-uid", str(uids[0]),
            "--submission-uid", str(uids[1]), "--private", paths["private"], *argv[5:]]

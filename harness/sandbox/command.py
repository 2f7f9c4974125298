"""The validator's command line, shared by every backend."""

from __future__ import annotations

from harness.sandbox import Job

__all__ = ["validator_argv"]


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
        "--nonce", job.nonce,
        "--time-limit", f"{job.limits.time:g}",
        "--output-limit", str(job.limits.output_bytes),
        "--entry", job.entry,
    ]
    if job.submission is not None:
        argv += ["--submission", paths["submission"]]
    if job.outputs is not None:
        argv += ["--outputs", paths["outputs"]]
    return argv

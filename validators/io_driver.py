"""Run a submission once per input file and record what it printed.

Expected answers never enter this container: the driver only sees ``.in``
files.  The comparison happens outside, on the host (built-in checkers) or in
a sandbox of its own (an author's checker program).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from validators.cgroup import oom_kills
from validators.results import ResultsWriter, truncate

__all__ = ["run_io"]

CLEAN_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"}


def _cases(root: Path) -> list[Path]:
    return sorted(root.rglob("*.in"))


def _read_capped(proc: subprocess.Popen[bytes], limit: int, deadline: float) -> tuple[bytes, str]:
    """Read stdout up to ``limit`` bytes; kill on overflow or at the deadline."""
    assert proc.stdout is not None
    chunks: list[bytes] = []
    size = 0
    os.set_blocking(proc.stdout.fileno(), False)
    while True:
        if time.monotonic() > deadline:
            return b"".join(chunks), "timeout"
        try:
            chunk = proc.stdout.read(65536)
        except BlockingIOError:
            chunk = None
        if chunk == b"":
            return b"".join(chunks), ""
        if chunk is None:
            if proc.poll() is not None:
                rest = proc.stdout.read() or b""
                chunks.append(rest[: max(0, limit - size)])
                return b"".join(chunks), "output_limit" if size + len(rest) > limit else ""
            time.sleep(0.002)
            continue
        size += len(chunk)
        if size > limit:
            return b"".join(chunks), "output_limit"
        chunks.append(chunk)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def _run_case(args: Any, case: Path) -> dict[str, Any]:
    case_id = str(case.relative_to(args.suite).with_suffix(""))
    before = oom_kills()
    started = time.perf_counter()
    with case.open("rb") as stdin:
        proc = subprocess.Popen(
            [sys.executable, "-E", "-s", args.entry],
            cwd=args.submission, stdin=stdin, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=CLEAN_ENV, start_new_session=True,
        )
    out, stop = _read_capped(proc, args.output_limit, time.monotonic() + args.time_limit)
    _kill_group(proc)
    duration = time.perf_counter() - started
    assert proc.stderr is not None
    err = proc.stderr.read(64 * 1024).decode("utf-8", "replace")
    verdict, message = stop or "passed", ""
    if oom_kills() > before:
        verdict, message = "memory", "killed by the memory limit"
    elif stop == "timeout":
        message = f"ran past its time limit of {args.time_limit:g} s"
    elif stop == "output_limit":
        message = f"printed more than {args.output_limit} bytes"
    elif proc.returncode != 0:
        verdict, message = "error", f"exited with code {proc.returncode}"
    return {
        "id": case_id, "level": case_id.split("/", 1)[0], "verdict": verdict,
        "duration": round(duration, 6), "message": message,
        "output": truncate(err, args.capture_chars),
        "stdout": out.decode("utf-8", "replace"),
    }


def run_io(args: Any) -> int:
    """Run every case under ``args.suite``; always returns 0."""
    writer = ResultsWriter(path=args.out, nonce=args.nonce, mode="io")
    cases = _cases(Path(args.suite))
    writer.collected = [str(c.relative_to(args.suite).with_suffix("")) for c in cases]
    for case in cases:
        writer.start(str(case.relative_to(args.suite).with_suffix("")))
        writer.add(_run_case(args, case))
    writer.flush(status="complete")
    return 0

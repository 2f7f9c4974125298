"""Run an author's checker program on every case (Kattis exit-code convention).

Runs in a sandbox of its own, never in the submission's container.  Layout:
``suite/ID.in``, ``suite/ID.ans``, ``outputs/ID.out``; the checker is called as
``python3 CHECKER INPUT ANSWER FEEDBACK_DIR < OUTPUT`` and exits 42 to accept,
43 to reject; anything else is a checker error.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from validators.results import ResultsWriter, truncate

__all__ = ["run_checker"]

ACCEPT, REJECT = 42, 43


def _feedback(folder: Path) -> str:
    path = folder / "judgemessage.txt"
    return path.read_text("utf-8", "replace")[:2000] if path.is_file() else ""


def _check_case(args: Any, case_in: Path) -> dict[str, Any]:
    case_id = str(case_in.relative_to(args.suite).with_suffix(""))
    out = Path(args.outputs) / f"{case_id}.out"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as feedback, out.open("rb") as stdin:
        try:
            proc = subprocess.run(
                [sys.executable, "-E", "-s", str(Path(args.submission) / args.entry), str(case_in),
                 str(case_in.with_suffix(".ans")), feedback + "/"],
                stdin=stdin, capture_output=True, timeout=args.time_limit, check=False,
            )
            code, message = proc.returncode, _feedback(Path(feedback))
            stderr = proc.stderr.decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            code, message, stderr = -1, "the checker ran past its time limit", ""
    verdict = {ACCEPT: "passed", REJECT: "failed"}.get(code, "error")
    if verdict == "error" and not message:
        message = f"checker exited with code {code} (expected 42 or 43): {stderr[-500:]}"
    return {
        "id": case_id, "level": case_id.split("/", 1)[0], "verdict": verdict,
        "duration": round(time.perf_counter() - started, 6),
        "message": truncate(message.strip(), 2000), "output": "",
    }


def run_checker(args: Any) -> int:
    """Check every case that has an output; always returns 0."""
    writer = ResultsWriter(path=args.out, nonce=args.nonce, mode="checker")
    cases = sorted(Path(args.suite).rglob("*.in"))
    writer.collected = [str(c.relative_to(args.suite).with_suffix("")) for c in cases]
    for case in cases:
        if (Path(args.outputs) / case.relative_to(args.suite).with_suffix(".out")).is_file():
            writer.add(_check_case(args, case))
    writer.flush(status="complete")
    return 0

"""Believe a run's results only as far as they can be trusted.

The results file is validated against ``validators/results.schema.json`` and
must carry the run's nonce; only the expected test ids count.  Every expected
test without a trustworthy result gets a verdict that says why: the test that
was running when the run was cut short gets ``timeout``, ``memory`` or
``output_limit``; the ones that never ran are ``missing``.  Stdout and exit
codes are never a verdict source.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from harness.documents import DocumentRefused, load_json
from harness.limits import RESULTS_CAP
from harness.sandbox import RunResult
from harness.sandbox.image import validators_dir
from harness.verdicts import TestResult, Verdict

__all__ = ["Document", "believe", "parse_document"]


@dataclass(frozen=True)
class Document:
    """A results.json that passed the schema and nonce checks."""

    status: str
    current: str | None
    collected: tuple[str, ...]
    tests: dict[str, dict[str, Any]]
    errors: tuple[str, ...]


@cache
def _validator() -> Any:
    import jsonschema

    schema = json.loads((validators_dir() / "results.schema.json").read_text())
    return jsonschema.Draft202012Validator(schema)


def parse_document(raw: bytes | None, nonce: str, cap: int) -> tuple[Document | None, str]:
    """(document, "") when trustworthy, else (None, reason)."""
    if raw is None:
        return None, "no results file was written"
    try:
        data = load_json(raw, cap=cap, what="the results file")
    except DocumentRefused as exc:
        return None, str(exc)
    error = next(iter(_validator().iter_errors(data)), None)
    if error is not None:
        return None, f"the results file does not match its schema: {error.message[:200]}"
    if data["nonce"] != nonce:
        return None, "the results file carries the wrong nonce (written by something else)"
    return Document(
        status=data["status"],
        current=data["current"],
        collected=tuple(data["collected"]),
        tests={t["id"]: t for t in data["tests"]},
        errors=tuple(f"{e['where']}: {e['message']}" for e in data["errors"]),
    ), ""


def _cut_short(run: RunResult) -> tuple[Verdict, str]:
    """The verdict for the test that was running when the run ended early."""
    if run.oom_killed:
        return Verdict.MEMORY, "killed by the memory limit during this test"
    if run.timed_out:
        return Verdict.TIMEOUT, "the run passed its time budget during this test and was killed"
    if run.output_limited:
        return Verdict.OUTPUT_LIMIT, "printed more than the output limit; the run was killed"
    return Verdict.ERROR, "the test process ended during this test (os._exit, a crash or a signal)"


def _from_entry(entry: dict[str, Any], level: str) -> TestResult:
    return TestResult(
        id=entry["id"], level=level, verdict=Verdict(entry["verdict"]),
        duration=float(entry["duration"]), message=entry["message"], output=entry["output"],
        cpu=float(entry["cpu"]) if "cpu" in entry else None,
    )


def _unreported(test_id: str, level: str, doc: Document | None, reason: str,
                run: RunResult) -> TestResult:
    if doc is not None and doc.current == test_id:
        verdict, message = _cut_short(run)
    elif doc is not None and doc.errors and not doc.tests:
        verdict, message = Verdict.ERROR, "the suite could not start: " + doc.errors[0]
    elif doc is not None and doc.status == "running" and not doc.tests and not doc.current:
        verdict, message = Verdict.ERROR, (
            "the test process ended before any test ran (did the submission exit or crash "
            "at import?)" + (f"; {_cut_short(run)[1]}" if run.oom_killed or run.timed_out else ""))
    elif doc is None:
        verdict, message = Verdict.MISSING, f"no trustworthy result: {reason}"
    else:
        verdict, message = Verdict.MISSING, "not run: the run ended before this test reported"
    return TestResult(id=test_id, level=level, verdict=verdict, message=message)


def believe(run: RunResult, nonce: str, expected: Sequence[str], cap: int = RESULTS_CAP
            ) -> tuple[tuple[TestResult, ...], str]:
    """Verdicts for exactly ``expected``, and a note when the file was not trusted."""
    doc, reason = parse_document(run.results, nonce, cap)
    out = []
    for test_id in expected:
        level = test_id.split("/", 1)[0]
        entry = doc.tests.get(test_id) if doc else None
        if entry is not None:
            out.append(_from_entry(entry, level))
        else:
            out.append(_unreported(test_id, level, doc, reason, run))
    return tuple(out), reason

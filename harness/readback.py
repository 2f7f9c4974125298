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

__all__ = ["Document", "Entry", "ReadBack", "parse_document", "read_back"]


@dataclass(frozen=True)
class Entry:
    """One test's entry of a trusted results file, typed once where it is parsed.  In
    io mode ``passed`` means the run ended within its limits; the answer in ``stdout``
    is judged on the host (grading's answer step)."""

    id: str
    verdict: Verdict
    duration: float
    message: str
    output: str
    cpu: float | None
    stdout: str  # io mode: what the submission printed


@dataclass(frozen=True)
class Document:
    """A results.json that passed the schema and nonce checks."""

    status: str
    current: str | None
    collected: tuple[str, ...]
    tests: dict[str, Entry]
    errors: tuple[str, ...]


@dataclass(frozen=True)
class ReadBack:
    """What a run's results file gives, once: a verdict for every expected test, the
    io-mode output of each test that ran, and a note when the file was not trusted."""

    tests: tuple[TestResult, ...]
    stdout: dict[str, str]
    reason: str


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
        tests={t["id"]: _entry(t) for t in data["tests"]},
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


def _entry(raw: dict[str, Any]) -> Entry:
    """A schema-valid test entry as a typed value."""
    return Entry(id=raw["id"], verdict=Verdict(raw["verdict"]), duration=float(raw["duration"]),
                 message=raw["message"], output=raw["output"],
                 cpu=float(raw["cpu"]) if "cpu" in raw else None, stdout=raw.get("stdout", ""))


def _from_entry(entry: Entry, level: str) -> TestResult:
    return TestResult(id=entry.id, level=level, verdict=entry.verdict, duration=entry.duration,
                      message=entry.message, output=entry.output, cpu=entry.cpu)


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


def read_back(run: RunResult, nonce: str, expected: Sequence[str], cap: int = RESULTS_CAP
              ) -> ReadBack:
    """Verdicts for exactly ``expected`` from one parse of the results file."""
    doc, reason = parse_document(run.results, nonce, cap)
    out = []
    stdout: dict[str, str] = {}
    for test_id in expected:
        level = test_id.split("/", 1)[0]
        entry = doc.tests.get(test_id) if doc else None
        if entry is not None:
            out.append(_from_entry(entry, level))
            stdout[test_id] = entry.stdout
        else:
            out.append(_unreported(test_id, level, doc, reason, run))
    return ReadBack(tests=tuple(out), stdout=stdout, reason=reason)


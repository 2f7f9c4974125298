"""What a worker does with one message: claim the row, grade, write the result if still its own.

A message carries a submission id and nothing else; everything else is read from the
record.  A redelivered or duplicated message finds the row done (claim returns None) or
loses ownership to a later attempt (finish returns False): either way one result.
"""

from __future__ import annotations

import re
import sys
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from harness.commands.grade import Graded, grade_one
from harness.distributed.archive import unpack
from harness.distributed.hooks import die_if_poison, test_grader
from harness.distributed.problems import Pinned, PinnedCache
from harness.distributed.record import Claim, Record
from harness.distributed.retry import patiently
from harness.errors import HarnessError
from harness.sandbox import Sandbox, get_backend
from harness.sandbox.run_labels import labelled
from harness.staging import scratch

__all__ = ["SUBMISSION_ID", "Grader", "WorkerSettings"]

SUBMISSION_ID = re.compile(r"[0-9a-f]{32}")  # what a message may carry


@dataclass(frozen=True)
class WorkerSettings:
    """Who this worker is and what it grades with."""

    name: str
    database_url: str
    problems_dirs: tuple[Path, ...]
    backend: str


class Grader:
    """Grades submissions by id for one worker; shared by its threads."""

    def __init__(self, settings: WorkerSettings) -> None:
        self.settings = settings
        self.record = Record(settings.database_url)
        self.problems = PinnedCache(settings.problems_dirs)
        self._sandbox: Sandbox | None = None
        self._lock = threading.Lock()

    def sandbox(self) -> Sandbox:
        with self._lock:
            if self._sandbox is None:
                self._sandbox = get_backend(self.settings.backend)
            return self._sandbox

    def handle(self, submission: object) -> str:
        """Grade the submission with this id; returns what happened, for the log."""
        if not isinstance(submission, str) or not SUBMISSION_ID.fullmatch(submission):
            return f"ignored a message that names no submission: {str(submission)[:80]!r}"
        name = self.settings.name
        claim = patiently(lambda: self.record.claim(submission, name), "claim")
        if claim is None:
            return f"{submission}: already graded, nothing to do"
        die_if_poison(claim.name)
        with labelled(worker=name, job=submission, attempt=claim.attempt):
            graded = patiently(lambda: self._grade(claim), "grade")
        kept = patiently(lambda: self.record.finish(claim, name, graded), "record")
        return f"{submission} attempt {claim.attempt}: " + ("recorded" if kept else
                                                            "a later attempt owns it; dropped")

    def _grade(self, claim: Claim) -> Graded:
        try:
            problem = self.problems.get(claim.problem)
        except HarnessError as exc:
            return Graded(claim.name, 0.0, 0.0, problem=f"worker {self.settings.name} cannot "
                          f"load problem {claim.problem}: {exc.message}")
        if problem.digest != claim.digest:
            return Graded(claim.name, 0.0, 0.0, problem=(
                f"worker {self.settings.name} has a different package of {claim.problem} "
                f"(digest {problem.digest[:12]}, the batch's {claim.digest[:12]}): not graded"))
        trivial = test_grader()
        return trivial(claim.name) if trivial is not None else self._run(problem, claim)

    def _run(self, problem: Pinned, claim: Claim) -> Graded:
        with scratch("cluster-") as work:
            try:
                folder = unpack(claim.archive, work / "submission")
            except HarnessError as exc:
                return Graded(claim.name, 0.0, sum(problem.points.values()), problem=exc.message)
            graded = grade_one(problem.plan, problem.points, folder, self.sandbox())
        print(f"graded {claim.name}: {graded.score:g}/{graded.max_score:g}", file=sys.stderr)
        return replace(graded, submission=claim.name)

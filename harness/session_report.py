"""A session's report as typed, frozen values: built at submit, saved, loaded back.

The JSON it writes (``report.json``, and what ``submit --json`` and ``report --json``
print) keeps the keys, and their order, of the documents earlier versions wrote.
Hidden tests become counts (``(hidden)`` entries) unless revealed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.errors import EXIT_FAILED, EXIT_OK, StateError
from harness.paths import write_private
from harness.store import StoredRun, bounded_result
from harness.verdicts import LevelScore, SuiteResult, TestResult, Verdict

__all__ = ["Report", "ReportResult", "ReportTest", "Tally", "TimelinePoint", "build_report",
           "load_report", "report_exit_code", "save_report"]

Tally = LevelScore  # one level's points, earned points, tests passed and tests run


@dataclass(frozen=True)
class ReportTest:
    """One test as the report keeps it (message and output as stored: capped)."""

    id: str
    level: str
    verdict: Verdict
    duration: float = 0.0
    message: str = ""
    output: str = ""
    hidden: bool = False

    def to_json(self, *, reveal: bool = True) -> dict[str, Any]:
        if self.hidden and not reveal:
            return {"id": "(hidden)", "level": self.level, "verdict": self.verdict.value,
                    "hidden": True}
        return {"id": self.id, "level": self.level, "verdict": self.verdict.value,
                "duration": self.duration, "message": self.message, "output": self.output,
                "hidden": self.hidden}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportTest:
        return cls(id=str(data["id"]), level=str(data["level"]), verdict=Verdict(data["verdict"]),
                   duration=data.get("duration", 0.0), message=str(data.get("message") or ""),
                   output=str(data.get("output") or ""), hidden=bool(data.get("hidden", False)))


@dataclass(frozen=True)
class ReportResult:
    """The graded run, as stored: counts of the whole run, and its (bounded) tests."""

    passed: int
    total: int
    counts: tuple[tuple[str, int], ...]
    isolated: bool
    duration: float
    notes: tuple[str, ...]
    tests: tuple[ReportTest, ...]

    @property
    def hidden(self) -> tuple[ReportTest, ...]:
        return tuple(t for t in self.tests if t.hidden)

    def of_level(self, level: str) -> tuple[ReportTest, ...]:
        return tuple(t for t in self.tests if t.level == level)

    def suite(self) -> SuiteResult:
        """As a SuiteResult, for the terminal's table."""
        return SuiteResult(
            tests=tuple(TestResult(id=t.id, level=t.level, verdict=t.verdict, duration=t.duration,
                                   message=t.message, output=t.output, hidden=t.hidden)
                        for t in self.tests),
            isolated=self.isolated, duration=self.duration, notes=self.notes)

    def to_json(self, *, reveal: bool = True) -> dict[str, Any]:
        return {"passed": self.passed, "total": self.total, "counts": dict(self.counts),
                "isolated": self.isolated, "duration": self.duration, "notes": list(self.notes),
                "tests": [t.to_json(reveal=reveal) for t in self.tests]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportResult:
        return cls(passed=int(data["passed"]), total=int(data["total"]),
                   counts=tuple((str(k), int(v)) for k, v in dict(data.get("counts", {})).items()),
                   isolated=bool(data["isolated"]), duration=data["duration"],
                   notes=tuple(str(n) for n in data.get("notes", ())),
                   tests=tuple(ReportTest.from_json(t) for t in data["tests"]))


@dataclass(frozen=True)
class TimelinePoint:
    """One validation: seconds into the session, tests passed of tests run."""

    at: float
    passed: int
    total: int


@dataclass(frozen=True)
class Report:
    """What a submitted session came to."""

    session: str
    problem: str
    title: str
    score: float
    max_score: float
    levels: tuple[Tally, ...]
    time_used_seconds: int
    duration_minutes: float
    note: str
    result: ReportResult
    started: float | None = None
    time_limit: float | None = None
    unlocks: tuple[tuple[str, float], ...] = ()  # level, seconds into the session
    timeline: tuple[TimelinePoint, ...] = ()

    @property
    def perfect(self) -> bool:
        """Full marks, and every scored test passed (locked levels' tests included)."""
        return self.score >= self.max_score and self.result.passed == self.result.total

    def unlocked_at(self, level: str) -> float | None:
        return dict(self.unlocks).get(level)

    def to_json(self, *, reveal: bool = True) -> dict[str, Any]:
        """The document, key for key as ever; hidden tests as counts unless ``reveal``."""
        return {
            "session": self.session, "problem": self.problem, "title": self.title,
            "score": self.score, "max_score": self.max_score,
            "levels": [vars(level) for level in self.levels],
            "time_used_seconds": self.time_used_seconds, "duration_minutes": self.duration_minutes,
            "note": self.note, "result": self.result.to_json(reveal=reveal),
            "started": self.started, "time_limit": self.time_limit,
            "unlocks": dict(self.unlocks),
            "timeline": [vars(point) for point in self.timeline],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        return cls(
            session=str(data["session"]), problem=str(data["problem"]), title=str(data["title"]),
            score=data["score"], max_score=data["max_score"],
            levels=tuple(Tally(level=str(lv["level"]), points=lv["points"], earned=lv["earned"],
                               passed=int(lv["passed"]), total=int(lv["total"]))
                         for lv in data["levels"]),
            time_used_seconds=int(data["time_used_seconds"]),
            duration_minutes=data.get("duration_minutes", 60),
            note=str(data.get("note") or ""), result=ReportResult.from_json(data["result"]),
            started=data.get("started"), time_limit=data.get("time_limit"),
            unlocks=tuple((str(k), v) for k, v in dict(data.get("unlocks", {})).items()),
            timeline=tuple(TimelinePoint(at=p["at"], passed=int(p["passed"]), total=int(p["total"]))
                           for p in data.get("timeline", ())))


@dataclass(frozen=True)
class SessionFacts:
    """What the report needs to know about the session besides the graded run."""

    session: str
    problem: str
    title: str
    started: float
    deadline: float
    time_limit: float
    note: str


def build_report(facts: SessionFacts, scores: list[LevelScore], result: dict[str, Any],
                 unlocks: dict[str, float], validations: list[StoredRun], ended: float) -> Report:
    """The report of a submission: ``result`` is the graded run's JSON (revealed);
    it is stored bounded (messages and outputs capped)."""
    return Report(
        session=facts.session, problem=facts.problem, title=facts.title,
        score=round(sum(s.earned for s in scores), 2), max_score=sum(s.points for s in scores),
        levels=tuple(scores),
        time_used_seconds=round(min(ended, facts.deadline) - facts.started),
        duration_minutes=round((facts.deadline - facts.started) / 60, 2),
        note=facts.note, result=ReportResult.from_json(bounded_result(result)),
        started=facts.started, time_limit=facts.time_limit, unlocks=tuple(unlocks.items()),
        timeline=tuple(TimelinePoint(at=r.at - facts.started, passed=r.passed, total=r.total)
                       for r in validations))


def save_report(path: Path, report: Report) -> Path:
    """Write ``report`` (every test revealed: the file is the candidate's own record)."""
    return write_private(path, json.dumps(report.to_json(), indent=2))


def load_report(path: Path) -> Report:
    """The report saved at ``path``; StateError when the file is not a report."""
    try:
        return Report.from_json(json.loads(path.read_text()))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StateError(f"the report {path} is damaged: {type(exc).__name__}: {exc}",
                         hint="its score is still in `harness history`") from exc


def report_exit_code(report: Report) -> int:
    """The rule of every results command: 0 only for full marks, 1 when any scored
    test (visible or hidden, of any level, locked levels included) did not pass."""
    return EXIT_OK if report.perfect else EXIT_FAILED

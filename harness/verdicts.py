"""Verdicts and per-test results: the typed values every other module passes around."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["LevelScore", "SuiteResult", "TestResult", "Verdict"]


class Verdict(StrEnum):
    """What happened to one test (DESIGN.md, contract 3)."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    TIMEOUT = "timeout"
    MEMORY = "memory"
    OUTPUT_LIMIT = "output_limit"
    MISSING = "missing"


@dataclass(frozen=True)
class TestResult:
    """One test's verdict, as believed by the host."""

    __test__ = False  # not a pytest test class

    id: str
    level: str
    verdict: Verdict
    duration: float = 0.0  # wall-clock seconds
    message: str = ""
    output: str = ""
    hidden: bool = False
    cpu: float | None = None  # CPU seconds of the code under test, when the run measured it

    @property
    def passed(self) -> bool:
        return self.verdict is Verdict.PASSED

    @classmethod
    def from_json(cls, data: dict[str, object]) -> TestResult:
        """One test as the harness writes it (suite_json, a stored run); KeyError,
        ValueError or TypeError when ``data`` is not one."""
        duration = data.get("duration") or 0.0
        if not isinstance(duration, int | float):
            raise TypeError(f"duration {duration!r}")
        return cls(id=str(data["id"]), level=str(data["level"]),
                   verdict=Verdict(str(data["verdict"])), duration=float(duration),
                   message=str(data.get("message") or ""), output=str(data.get("output") or ""),
                   hidden=bool(data.get("hidden", False)))


@dataclass(frozen=True)
class SuiteResult:
    """All verdicts of one run, plus what the sandbox said about the run itself."""

    tests: tuple[TestResult, ...]
    isolated: bool
    duration: float
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> int:
        return sum(t.passed for t in self.tests)

    @property
    def all_passed(self) -> bool:
        return bool(self.tests) and all(t.passed for t in self.tests)

    def counts(self) -> dict[str, int]:
        """Number of tests per verdict, verdicts with none left out."""
        out: dict[str, int] = {}
        for test in self.tests:
            out[test.verdict.value] = out.get(test.verdict.value, 0) + 1
        return out

    def for_level(self, level: str) -> tuple[TestResult, ...]:
        return tuple(t for t in self.tests if t.level == level)


@dataclass(frozen=True)
class LevelScore:
    """Points earned on one level: its points times the share of its tests passed."""

    level: str
    points: float
    earned: float
    passed: int
    total: int

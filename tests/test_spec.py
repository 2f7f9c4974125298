"""problem.yaml's `expect` of a known-wrong solution: one verdict, or a list of them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from harness.authoring import step_wrong
from harness.spec import Expectation, WrongSolution
from harness.verdicts import SuiteResult, TestResult, Verdict


def test_one_verdict_is_still_one_verdict() -> None:
    expect = Expectation.model_validate({"verdict": "timeout"})
    assert expect.verdict == "timeout" and expect.verdicts == ("timeout",)
    assert Expectation.model_validate({"fails": ["l1"]}).verdicts == ()


def test_a_list_of_verdicts_is_accepted() -> None:
    expect = Expectation.model_validate({"verdict": ["timeout", "error"]})
    assert expect.verdicts == ("timeout", "error")
    assert expect.model_dump(exclude_none=True) == {"verdict": ["timeout", "error"]}


@pytest.mark.parametrize(("verdict", "needle"), [
    ([], "an empty list of verdicts"),
    (["timeout", "slow"], "Input should be"),
    ("slow", "Input should be"),
], ids=["empty list", "unknown in a list", "unknown alone"])
def test_bad_verdicts_are_refused(verdict: object, needle: str) -> None:
    with pytest.raises(ValidationError, match=needle):
        Expectation.model_validate({"verdict": verdict})


def _judged(verdict: str | list[str], got: Verdict) -> tuple[bool, str]:
    wrong = WrongSolution.model_validate({"name": "w", "path": "wrong/w",
                                          "expect": {"verdict": verdict}})
    result = SuiteResult(tests=(TestResult("t1", "l1", Verdict.PASSED), TestResult("t2", "l1", got)),
                         isolated=True, duration=0.1)
    step = step_wrong(wrong, result)
    return step.ok, step.reason


def test_check_accepts_any_listed_verdict_and_names_the_list() -> None:
    assert _judged(["timeout", "error"], Verdict.ERROR)[0]
    assert _judged("error", Verdict.ERROR)[0]
    ok, reason = _judged(["failed", "timeout"], Verdict.MEMORY)
    assert not ok and reason.startswith("no test got one of failed, timeout (got 1 memory, 1 passed")
    ok, reason = _judged("timeout", Verdict.FAILED)
    assert not ok and reason.startswith("no test got timeout (got 1 failed, 1 passed")


def test_a_level_failing_beyond_the_declared_ones_names_its_tests() -> None:
    """An author told only "declared to fail l1" cannot tell a load timeout from a bug."""
    wrong = WrongSolution.model_validate({"name": "w", "path": "wrong/w",
                                          "expect": {"fails": ["l1"]}})
    result = SuiteResult(tests=(TestResult("l1/t1", "l1", Verdict.FAILED),
                                TestResult("l2/t2", "l2", Verdict.TIMEOUT, message="cpu: 2.1 s"),
                                TestResult("l2/t3", "l2", Verdict.PASSED)),
                         isolated=True, duration=0.1)
    step = step_wrong(wrong, result)
    assert not step.ok
    assert "declared to fail l1; l2/t2: timeout (cpu: 2.1 s)" in step.reason, step.reason
    assert "l1/t1" not in step.reason and "l2/t3" not in step.reason, step.reason

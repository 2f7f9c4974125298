"""Run a pytest suite against a submission and record one verdict per test.

The suite lives outside the submission tree and runs with the harness's own
``pytest.ini`` and root, plugin autoload off and the cache off, so files a
candidate ships (``conftest.py``, ``pytest.ini``, ``pyproject.toml``) have no say.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from validators.results import MESSAGE_CHARS, ResultsWriter, truncate

__all__ = ["Reporter", "TestTimeout", "run_pytest"]

HERE = Path(__file__).resolve().parent


class TestTimeout(BaseException):
    """Raised in the test by the per-test alarm.  A BaseException, so that a
    submission's ``except Exception`` does not swallow it."""

    __test__ = False


def _on_alarm(_signum: int, _frame: object) -> None:
    raise TestTimeout("the test ran past its time limit")


def _classify(excinfo: pytest.ExceptionInfo[BaseException]) -> str:
    if excinfo.errisinstance(TestTimeout):
        return "timeout"
    if excinfo.errisinstance(MemoryError):
        return "memory"
    if excinfo.errisinstance(AssertionError):
        return "failed"
    if excinfo.errisinstance(pytest.fail.Exception):
        return "failed"
    return "error"


def _describe(excinfo: pytest.ExceptionInfo[BaseException]) -> str:
    """The exception line plus the assertion's explanation, as a reader wants it."""
    text = excinfo.exconly()
    if text.strip() == "AssertionError" and excinfo.traceback:
        # The failing line itself is the next best explanation of a bare assert.
        entry = excinfo.traceback[-1]
        return f"AssertionError at {entry.statement!s}".strip()
    if excinfo.errisinstance(AssertionError) and excinfo.traceback:
        # The call that produced the values: pytest's diff shows the values only.
        text = f"failing line: {str(excinfo.traceback[-1].statement).strip()}\n{text}"
    return text


class Reporter:
    """The pytest plugin object: one small hook per concern."""

    def __init__(
        self, writer: ResultsWriter, time_limit: float, output_limit: int, capture_chars: int
    ) -> None:
        self.writer = writer
        self.time_limit = time_limit
        self.output_limit = output_limit
        self.capture_chars = capture_chars
        self._kind: dict[str, str] = {}
        self._message: dict[str, str] = {}
        self._started: dict[str, float] = {}
        self._output: dict[str, str] = {}
        self._failed_phase: dict[str, str] = {}

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.writer.error(report.nodeid or "collection", str(report.longreprtext))

    def pytest_internalerror(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        self.writer.error(
            "pytest", f"{excinfo.exconly()} while loading the tests: does the submission "
            "exit or crash when it is imported?")

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.writer.collected = [item.nodeid for item in session.items]
        self.writer.flush(status="running")

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Generator[None, Any, None]:
        self.writer.start(item.nodeid)
        self._started[item.nodeid] = time.perf_counter()
        yield

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, Any, None]:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, self.time_limit)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, Any, None]:
        yield
        if call.excinfo is not None and item.nodeid not in self._kind:
            kind = _classify(call.excinfo)
            self._kind[item.nodeid] = kind if call.when == "call" else "error"
            self._message[item.nodeid] = _describe(call.excinfo)
            self._failed_phase[item.nodeid] = call.when

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # Each phase's report carries the sections of the phases before it.
        self._output[report.nodeid] = report.capstdout + report.capstderr
        if report.when == "teardown":
            self._finish(report.nodeid)

    def _finish(self, nodeid: str) -> None:
        output = self._output.pop(nodeid, "")
        verdict = self._kind.pop(nodeid, "passed")
        message = self._message.pop(nodeid, "")
        phase = self._failed_phase.pop(nodeid, "call")
        if len(output.encode("utf-8", "replace")) > self.output_limit:
            verdict, message = "output_limit", f"the test printed more than {self.output_limit} bytes"
        elif verdict == "timeout":
            message = f"the test ran past its time limit of {self.time_limit:g} s"
        elif phase != "call" and message:
            message = f"in {phase}: {message}"
        duration = time.perf_counter() - self._started.pop(nodeid, time.perf_counter())
        self.writer.add(
            {
                "id": nodeid,
                "level": nodeid.split("/", 1)[0],
                "verdict": verdict,
                "duration": round(duration, 6),
                "message": truncate(message, MESSAGE_CHARS),
                "output": truncate(output, self.capture_chars),
            }
        )


def _stub_missing_modules() -> None:
    """For collect mode: let test modules import a submission that is not there."""
    from validators.stubs import install

    install()


def run_pytest(args: Any) -> int:
    """Run (or only collect) the suite at ``args.suite``; always returns 0."""
    writer = ResultsWriter(path=args.out, nonce=args.nonce, mode=args.mode)
    writer.flush(status="running")
    if args.submission:
        sys.path.insert(0, args.submission)
    if args.mode == "collect":
        _stub_missing_modules()
    reporter = Reporter(writer, args.time_limit, args.output_limit, args.capture_chars)
    pytest_args = [
        "-c", str(HERE / "pytest.ini"),
        "--rootdir", args.suite,
        "--confcutdir", args.suite,
        "--import-mode=importlib",
        "-qq", "--tb=no", "-rN", "--no-header",
        args.suite,
    ]
    if args.mode == "collect":
        pytest_args.insert(0, "--collect-only")
    try:
        code = pytest.main(pytest_args, plugins=[reporter])
        if code in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
            writer.error("pytest", f"pytest could not run the suite (exit code {int(code)})")
    except Exception as exc:  # noqa: BLE001 - any failure of the run itself becomes a recorded error
        writer.error("pytest", f"{type(exc).__name__}: {exc}")
    writer.current = None
    writer.flush(status="complete")
    return 0

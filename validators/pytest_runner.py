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
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from validators import control, wall_ceiling
from validators.boundary import Boundary, Spawn, SubmissionTimeout, TestOutcome
from validators.boundary.faults import RemoteTraceback
from validators.cgroup import oom_kills
from validators.results import MESSAGE_CHARS, ResultsWriter, truncate

__all__ = ["Reporter", "TestTimeout", "run_pytest"]

HERE = Path(__file__).resolve().parent


class TestTimeout(BaseException):
    """Raised in the test by the per-test alarm.  A BaseException, so that a
    submission's ``except Exception`` does not swallow it."""

    __test__ = False


def _on_alarm(_signum: int, _frame: object) -> None:
    raise TestTimeout("wall")


def _on_cpu(_signum: int, _frame: object) -> None:
    raise TestTimeout("cpu")


def _timeout_message(kind: str, limit: float, cpu: float) -> str:
    if kind == "cpu":
        return f"the test used more than its CPU time limit of {limit:g} s"
    return (f"the test ran past its wall-clock ceiling of {wall_ceiling(limit):g} s having used "
            f"{cpu:.2f} s of its {limit:g} s CPU limit (sleeping, blocked, or starved of CPU)")


def _classify(excinfo: pytest.ExceptionInfo[BaseException]) -> str:
    if excinfo.errisinstance((TestTimeout, SubmissionTimeout)):
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
    cause = excinfo.value.__cause__
    if isinstance(cause, RemoteTraceback) and not excinfo.errisinstance(AssertionError):
        # Where it was raised, as file and line: the header line of a traceback reads
        # like the harness itself crashed, which it did not.
        where = str(cause).removeprefix("Traceback (most recent call last):\n")
        text += f"\n\nraised in the submission's process:\n{where[-1500:]}"
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
        self._cpu: dict[str, float] = {}
        # Filled by BoundaryHooks in process mode: what each test did to the submission.
        self.outcomes: dict[str, TestOutcome] = {}
        self.alarm = True

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.writer.error(report.nodeid or "collection", str(report.longreprtext))

    def pytest_internalerror(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        self.writer.error(
            "pytest", f"{excinfo.exconly()} while loading the tests: does the submission "
            "exit or crash when it is imported?")

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        known = set(self.writer.collected)  # a resumed run keeps what the earlier one listed
        self.writer.collected += [item.nodeid for item in session.items if item.nodeid not in known]
        self.writer.flush(status="running")

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Generator[None, Any, None]:
        self.writer.start(item.nodeid)
        self._started[item.nodeid] = time.perf_counter()
        self._cpu[item.nodeid] = time.process_time()
        yield

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, Any, None]:
        """Inprocess mode: the test's CPU time (ITIMER_PROF) and wall-clock ceiling
        (ITIMER_REAL) in process; the supervisor, told here, holds both from outside as
        well: a test that switches the alarms off is still killed (issue 11, item 8)."""
        if not self.alarm:  # process mode: the boundary counts the submission's own CPU time
            yield
            return
        ceiling = wall_ceiling(self.time_limit)
        previous = (signal.signal(signal.SIGALRM, _on_alarm), signal.signal(signal.SIGPROF, _on_cpu))
        if control.CHANNEL is not None:
            control.CHANNEL.test_started(item.nodeid, self.time_limit, ceiling)
        signal.setitimer(signal.ITIMER_PROF, self.time_limit)
        signal.setitimer(signal.ITIMER_REAL, ceiling)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGALRM, previous[0])
            signal.signal(signal.SIGPROF, previous[1])
            if control.CHANNEL is not None:
                control.CHANNEL.test_ended()

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
        duration = time.perf_counter() - self._started.pop(nodeid, time.perf_counter())
        cpu = time.process_time() - self._cpu.pop(nodeid, time.process_time())
        verdict = self._kind.pop(nodeid, "passed")
        message = self._message.pop(nodeid, "")
        phase = self._failed_phase.pop(nodeid, "call")
        outcome = self.outcomes.pop(nodeid, None)
        if outcome is not None:  # process mode: the CPU counted is the submission's
            verdict, message, output = _apply(outcome, verdict, message, output)
            cpu = outcome.cpu
        if len(output.encode("utf-8", "replace")) > self.output_limit or verdict == "output_limit":
            verdict, message = "output_limit", f"the test printed more than {self.output_limit} bytes"
        elif verdict == "timeout" and outcome is not None and outcome.timed_out:
            message = outcome.timed_out.split(": ", 1)[-1]
        elif verdict == "timeout":
            message = _timeout_message("cpu" if message.endswith("cpu") else "wall", self.time_limit,
                                       cpu)
        elif phase != "call" and message:
            message = f"in {phase}: {message}"

        self.writer.add(
            {
                "id": nodeid,
                "level": nodeid.split("/", 1)[0],
                "verdict": verdict,
                "duration": round(duration, 6),
                "cpu": round(cpu, 6),
                "message": truncate(message, MESSAGE_CHARS),
                "output": truncate(output, self.capture_chars),
            }
        )


MEMORY_KILLED = "the submission's process was killed by the memory limit during this test"


def _apply(outcome: TestOutcome, verdict: str, message: str, output: str) -> tuple[str, str, str]:
    """A test's verdict, given what the submission's process did during it."""
    output = outcome.output + output
    if outcome.timed_out:
        return "timeout", message, output
    if outcome.crashed == MEMORY_KILLED:
        return "memory", outcome.crashed, output
    if outcome.crashed:
        return "error", outcome.crashed, output
    if outcome.output_exceeded:
        return "output_limit", message, output
    return verdict, message, output


class BoundaryHooks:
    """Process mode: each test (setup to teardown) is one account of the boundary's."""

    def __init__(self, boundary: Boundary, reporter: Reporter) -> None:
        self.boundary = boundary
        self.reporter = reporter
        self.oom_before = 0

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> Generator[None, Any, None]:
        self.oom_before = oom_kills()
        self.boundary.begin_test(item.nodeid)
        yield

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> Generator[None, Any, None]:
        yield
        outcome = self.boundary.end_test()
        if outcome.crashed and oom_kills() > self.oom_before:
            # The memory limit's OOM killer ended the submission's process (the
            # container's count says so; a SIGKILL alone could be anything).
            outcome = replace(outcome, crashed=MEMORY_KILLED)
        self.reporter.outcomes[item.nodeid] = outcome


def _boundary(args: Any, spawn: Spawn | None) -> Boundary:
    """The boundary, its submission processes started as uid B by the supervisor in a
    grading container (plain subprocesses elsewhere), unless a test gives ``spawn``."""
    start, kill = control.submission_processes(args.submission)
    boundary = Boundary(spawn or start, args.submission,
                        cpu_limit=args.time_limit, wall_limit=wall_ceiling(args.time_limit),
                        output_cap=args.output_limit, kill=kill)
    boundary.install()
    return boundary


def _stub_missing_modules() -> None:
    """For collect mode: let test modules import a submission that is not there."""
    from validators.stubs import install

    install()


def run_pytest(args: Any, spawn: Spawn | None = None) -> int:
    """Run (or only collect) the suite at ``args.suite``; always returns 0.

    With ``--isolation process`` the submission runs in processes that ``spawn``
    starts (default: plain subprocesses) and never in this one."""
    writer = ResultsWriter(path=args.out, nonce=args.nonce, mode=args.mode)
    plugins: list[object] = []
    if getattr(args, "resume", None):  # before the first flush, which rewrites the file
        from validators.resume import SkipRecorded, restore

        plugins.append(SkipRecorded(restore(writer, args.resume)))
    writer.flush(status="running")
    isolated = getattr(args, "isolation", "inprocess") == "process" and args.mode == "pytest"
    if args.submission and not isolated:
        sys.path.insert(0, args.submission)
    if args.mode == "collect":
        _stub_missing_modules()
    reporter = Reporter(writer, args.time_limit, args.output_limit, args.capture_chars)
    plugins.append(reporter)
    boundary = _boundary(args, spawn) if isolated else None
    if boundary is not None:
        reporter.alarm = False
        plugins.append(BoundaryHooks(boundary, reporter))
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
        code = pytest.main(pytest_args, plugins=plugins)
        if code in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
            writer.error("pytest", f"pytest could not run the suite (exit code {int(code)})")
    except Exception as exc:  # noqa: BLE001 - any failure of the run itself becomes a recorded error
        writer.error("pytest", f"{type(exc).__name__}: {exc}")
    if boundary is not None:
        boundary.close()
    writer.current = None
    writer.flush(status="complete")
    return 0

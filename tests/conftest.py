"""Shared fixtures.  Docker tests run for real: under CI (or HARNESS_REQUIRE_DOCKER)
a missing daemon or image fails the run loudly instead of skipping."""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"

# Several tests press Ctrl-C on a command they start, as a terminal would.  Started as
# a background job (`make test &`, `nohup`), this process inherits SIGINT ignored, and
# an ignored signal stays ignored across exec: every command the tests start would
# shrug the Ctrl-C off.  A handler of our own is reset to the default at exec, so the
# commands start as a terminal's would.
signal.signal(signal.SIGINT, signal.default_int_handler)

# Submissions and suites that are data for the harness, not tests of it.
collect_ignore_glob = ["data/*", "hostile/suite/*", "hostile/subs/*"]


def _docker_required() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("HARNESS_REQUIRE_DOCKER") == "1"


def _require(ok: bool, reason: str) -> None:
    if ok:
        return
    if _docker_required():
        pytest.fail(f"this test must run here but cannot: {reason}")
    pytest.skip(reason)


@pytest.fixture
def require() -> Any:
    """``require(ok, reason)``: skip a test that cannot run on this machine, with the
    reason; but under CI (or `make test`), where everything must run, fail it
    instead: a skip is not a test."""
    return _require


def _docker_problem() -> str:
    """'' when the daemon answers and the current image exists, else why not."""
    try:
        from harness.sandbox.docker_client import connect
        from harness.sandbox.docker_image import require_image

        require_image(connect())
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return ""


@pytest.fixture(autouse=True)
def harness_home(tmp_path_factory: pytest.TempPathFactory,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own HARNESS_HOME, so no test sees another's state.  A
    session container a failing test left running is removed afterwards."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HARNESS_HOME", str(home))
    # A private temp folder too: other programs on a shared machine write to the
    # system one, and a test must count only what it made itself.
    private_tmp = tmp_path_factory.mktemp("tmp")
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    monkeypatch.delenv("HARNESS_PROBLEMS_PATH", raising=False)
    monkeypatch.delenv("HARNESS_BACKEND", raising=False)
    # The resident agent is tested on purpose in one place (test_agent); elsewhere each
    # command does its own work, so a test sees exactly what it ran.
    monkeypatch.setenv("HARNESS_NO_AGENT", "1")
    yield home
    _stop_agent(home)
    if (home / "harness.db").exists():
        _remove_containers_of(home)


def _stop_agent(home: Path) -> None:
    pid_file = home / "agent" / "agent.pid"
    try:
        os.kill(int(pid_file.read_text()), 15)
    except (OSError, ValueError):
        return


def _remove_containers_of(home: Path) -> None:
    try:
        import docker

        client = docker.from_env()
        # The list call alone (sparse): a container another process removes meanwhile
        # must not hide the rest (a full list inspects each and raises NotFound).
        for entry in client.api.containers(all=True, filters={"label": f"io.harness.home={home}"}):
            with contextlib.suppress(docker.errors.DockerException):
                client.api.remove_container(entry["Id"], force=True, v=True)
        client.close()
    except Exception:
        return


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not any(item.get_closest_marker("docker") for item in items):
        return
    reason = _docker_problem()
    if not reason:
        return
    if _docker_required():
        raise pytest.UsageError(f"Docker tests must run here but cannot: {reason}")
    skip = pytest.mark.skip(reason=f"no Docker daemon or image ({reason})")
    for item in items:
        if item.get_closest_marker("docker"):
            item.add_marker(skip)


@pytest.fixture
def docker_client() -> Any:
    """docker-py's own client, for a test that acts on the daemon behind the harness's back."""
    import docker

    return docker.from_env()


@pytest.fixture
def daemon() -> Any:
    """The harness's handle on the daemon (what its own functions take)."""
    from harness.sandbox.docker_client import connect

    return connect()


@pytest.fixture
def no_strays(daemon: Any) -> Iterator[None]:
    """Fails the test if a container of this test's HARNESS_HOME is left behind (other
    homes' containers on the same daemon are not this test's business)."""
    from harness.sandbox.docker_client import remove_id, strays

    before = {c.id for c in strays(daemon)}
    yield
    left = [c for c in strays(daemon) if c.id not in before]
    for stray in left:
        remove_id(daemon, stray.id)
    assert not left, f"containers left behind: {[c.name for c in left]}"


class CliResult:
    """What one CLI call did: its exit code and what it printed."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"CliResult(code={self.code}, out={self.out[-2000:]!r}, err={self.err[-2000:]!r})"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Any:
    """Call the real CLI entry point (error boundary included) in-process."""
    from harness.cli import main

    def call(*args: str) -> CliResult:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return call


FIGURES: list[str] = []


@pytest.fixture
def figure() -> Any:
    """Record a measured figure; all of them are printed at the end of the run."""

    def record(line: str) -> None:
        FIGURES.append(line)

    return record


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("figures measured by this run")
        for line in FIGURES:
            terminalreporter.write_line(line)

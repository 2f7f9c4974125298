"""The session-host protocol: one module per backend, in one literal dict, and the
session commands reach a backend only through it."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

from harness.errors import UsageError
from harness.sandbox import BACKENDS, SESSION_HOSTS, SessionHost, get_session_host

ROOT = Path(__file__).resolve().parents[1]


def test_every_backend_has_a_session_host_satisfying_the_protocol() -> None:
    assert set(SESSION_HOSTS) == set(BACKENDS)
    members = {n for n, _ in inspect.getmembers(SessionHost) if not n.startswith("_")}
    members |= set(SessionHost.__annotations__)
    for name in SESSION_HOSTS:
        host = get_session_host(name)
        assert host.name == name
        missing = {m for m in members if not hasattr(host, m)}
        assert not missing, f"{name}: {missing}"
        assert host is importlib.import_module(SESSION_HOSTS[name]).HOST


def test_an_unknown_backend_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown sandbox backend"):
        get_session_host("podman")


def test_the_local_host_has_no_container_and_says_so() -> None:
    host = get_session_host("local")
    assert not host.containers
    with pytest.raises(UsageError, match="no container"):
        host.execute("x", ["true"], budget=1, cap=10)
    with pytest.raises(UsageError, match="no container"):
        host.shell_argv("x")


SESSION_COMMANDS = ("session_flow.py", "session_container.py", "session_results.py")


def test_session_commands_never_import_a_backend_module() -> None:
    """The session commands talk to SessionHost only: no docker or warm import in them."""
    imported = {node.module for name in SESSION_COMMANDS
                for node in ast.walk(ast.parse((ROOT / "harness" / "commands" / name).read_text()))
                if isinstance(node, ast.ImportFrom) and node.module}
    backends = {"harness.sandbox.docker", "harness.sandbox.docker_client",
                "harness.sandbox.docker_exec", "harness.sandbox.docker_image",
                "harness.sandbox.warm", "harness.sandbox.local",
                "harness.sandbox.session_docker", "harness.sandbox.probe"}
    assert not imported & backends, imported & backends

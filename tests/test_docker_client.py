"""docker-py stays inside the docker modules, and every call of it is translated (issue 12)."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from harness.errors import DaemonLost, SandboxError

ROOT = Path(__file__).resolve().parents[1]
# docker_image.py works through docker_client's Daemon alone; docker.py needs docker-py's Ulimit.
DOCKER_MODULES = {"harness/sandbox/docker.py", "harness/sandbox/docker_client.py"}
CALLERS = ["harness/sandbox/warm.py", "harness/sandbox/session_docker.py",
           "harness/sandbox/image_info.py", "harness/sandbox/build.py", "harness/sandbox/extras.py",
           "harness/sandbox/docker_exec.py", "harness/sandbox/docker_image.py",
           "harness/commands/gc.py", "harness/commands/doctor.py", "harness/commands/cluster.py"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_docker_modules_import_docker_py_or_its_transport() -> None:
    found = {str(path.relative_to(ROOT)) for path in (ROOT / "harness").rglob("*.py")
             if _imports(path) & {"docker", "requests", "urllib3"}}
    assert found == DOCKER_MODULES


def test_callers_hold_typed_handles_never_an_untyped_client() -> None:
    """No client or container the docker backend's callers pass, and nothing they
    return, is typed Any or object: they hold Daemon and Container handles."""
    loose = []
    for name in CALLERS:
        for node in ast.walk(ast.parse((ROOT / name).read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                notes = [a.annotation for a in [*node.args.args, *node.args.kwonlyargs]
                         if a.arg in ("client", "daemon", "container")]
                for note in [*notes, node.returns]:
                    if isinstance(note, ast.Name) and note.id in ("Any", "object"):
                        loose.append(f"{name}:{node.lineno} {node.name}")
    assert not loose, loose


@pytest.mark.docker
def test_a_missing_container_is_container_gone(daemon: Any) -> None:
    from harness.sandbox.docker_client import ContainerGone, get_container

    with pytest.raises(ContainerGone):
        daemon.get("0" * 64)
    assert get_container(daemon, "0" * 64) is None


@pytest.mark.docker
def test_a_dropped_connection_is_daemon_lost(daemon: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import docker.api.container
    import requests

    def dropped(*_: Any, **__: Any) -> None:
        raise requests.exceptions.ConnectionError("Connection aborted: RemoteDisconnected")

    monkeypatch.setattr(docker.api.container.ContainerApiMixin, "inspect_container", dropped)
    with pytest.raises(DaemonLost, match="lost the Docker daemon"):
        daemon.get("0" * 64)


@pytest.mark.docker
def test_a_refused_image_lookup_is_a_sandbox_error(daemon: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """docker-py's APIError used to escape has_image (the CLI called it an internal error)."""
    import docker.errors
    import docker.models.images

    from harness.sandbox.docker_image import has_image

    def refused(*_: Any, **__: Any) -> None:
        raise docker.errors.APIError("500 Server Error: the storage driver is gone")

    monkeypatch.setattr(docker.models.images.ImageCollection, "get", refused)
    with pytest.raises(SandboxError, match="the Docker daemon refused: 500"):
        has_image(daemon, "harness-sandbox:nothing")


@pytest.mark.docker
def test_a_batch_stops_when_the_daemon_is_lost(cli: Callable[..., Any],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """grade knows a lost daemon by its type: the batch stops with exit 3 instead of
    writing a row of 'could not be graded' for every submission."""
    import docker.api.container
    import requests

    def dropped(*_: Any, **__: Any) -> None:
        raise requests.exceptions.ConnectionError("Connection aborted: RemoteDisconnected")

    monkeypatch.setattr(docker.api.container.ContainerApiMixin, "create_container", dropped)
    sub = str(ROOT / "problems" / "billing-intervals" / "solution")
    result = cli("grade", "billing-intervals", sub, sub, "--json")
    assert result.code == 3, result
    assert result.err.startswith("error: lost the Docker daemon"), result

"""Sweeps survive a container that another process removes while they list.

Seen in CI: `abandon` listed the session's ready containers while the detached
helper was removing one; docker-py's full list inspects each container it lists,
raised NotFound, and the session container was never removed.
"""

from __future__ import annotations

from typing import Any

import docker.api.container
import pytest

from harness.sandbox.docker_client import LABEL, connect, home_label
from harness.sandbox.docker_image import require_image
from harness.sandbox.warm import discard


def _labelled(client: Any, session: str, n: int) -> list[str]:
    home = home_label().split("=", 1)[1]
    image = require_image(connect())
    labels = {LABEL: "1", f"{LABEL}.kind": "warm", f"{LABEL}.session": session,
              f"{LABEL}.home": home}
    return [client.api.create_container(image, command=["true"], labels=labels,
                                        network_disabled=True)["Id"] for _ in range(n)]


@pytest.mark.docker
def test_discard_removes_every_ready_container_when_one_vanishes_meanwhile(
        docker_client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _labelled(docker_client, "sweep-race", 3)
    real = docker.api.container.ContainerApiMixin.inspect_container

    def racing(self: Any, container: str) -> Any:
        # Another process removes this container between the list and its inspect.
        docker_client.api.remove_container(container, force=True)
        return real(self, container)

    monkeypatch.setattr(docker.api.container.ContainerApiMixin, "inspect_container", racing)
    try:
        discard("sweep-race")
    finally:
        monkeypatch.undo()
        left = [c["Id"] for c in docker_client.api.containers(all=True, filters={"id": ids})]
        for cid in left:
            docker_client.api.remove_container(cid, force=True)
    assert not left, f"{len(left)} of 3 ready containers were left behind"

"""Ask the Docker daemon whether a container runs, with the standard library only.

`harness status` must start fast and never load docker-py (about 85 ms of
imports); one GET over the daemon's unix socket answers the one question it has.
Where DOCKER_HOST is not a unix socket, callers fall back to the docker backend.
"""

from __future__ import annotations

import http.client
import json
import os
import socket

__all__ = ["container_running"]


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self._path)
        self.sock = sock


def container_running(container_id: str, timeout: float = 5.0) -> bool | None:
    """True or False from the daemon; None when it cannot be asked this way."""
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    if not host.startswith("unix://"):
        return None
    conn = _UnixConnection(host.removeprefix("unix://"), timeout)
    try:
        conn.request("GET", f"/containers/{container_id}/json")
        response = conn.getresponse()
        body = response.read()
    except OSError:
        return None
    finally:
        conn.close()
    if response.status == 404:
        return False
    if response.status != 200:
        return None
    return bool(json.loads(body).get("State", {}).get("Running"))

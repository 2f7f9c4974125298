"""The local backend's session host: no container, no bell, validations as local runs."""

from __future__ import annotations

from harness.errors import UsageError
from harness.sandbox import CommandResult, Limits, Sandbox, SessionStart

__all__ = ["HOST", "LocalSessionHost"]

_NO_CONTAINER = UsageError("this session has no container (local backend)",
                           hint="run your code directly; `harness run` needs the docker backend")


class LocalSessionHost:
    name = "local"
    containers = False
    isolated = False

    def require(self) -> None:
        return None

    def start(self, start: SessionStart) -> str:
        del start
        return ""

    def running(self, container_id: str) -> bool:
        del container_id
        return False

    def end_commands(self, container_id: str) -> None:
        del container_id

    def execute(self, container_id: str, argv: list[str], *, budget: float,
                cap: int) -> CommandResult:
        raise _NO_CONTAINER

    def shell_argv(self, container_id: str) -> list[str]:
        raise _NO_CONTAINER

    def remove(self, session_id: str, container_id: str) -> bool:
        del session_id, container_id
        return False

    def sandbox(self, session_id: str) -> Sandbox:
        del session_id
        from harness.sandbox.local import LocalSandbox

        return LocalSandbox()

    def replenish(self, session_id: str, limits: Limits, used: list[str]) -> None:
        del session_id, limits, used


HOST = LocalSessionHost()

"""The docker backend's session host: the session's container (the workspace
read-only, the bell as its main process, see warden.py), the commands run in it,
its shell, and the ready containers its validations take (see warm.py).

It works with the typed handles of ``docker_client.py`` (no docker-py object here):
callers get container ids, booleans and :class:`CommandResult` values.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

from harness.errors import SandboxError, UsageError
from harness.sandbox import CommandResult, Limits, Sandbox, SessionStart, warden
from harness.sandbox.docker import DockerSandbox, hardened_config, new_runner_uid
from harness.sandbox.docker_client import (
    LABEL,
    ContainerGone,
    Daemon,
    DaemonRefused,
    connect,
    container_running,
    daemon_calls,
    get_container,
    is_ours,
)
from harness.sandbox.docker_exec import WARDEN_SCRIPT, exec_capped, kill_runner, runner_of
from harness.sandbox.docker_image import require_image
from harness.sandbox.image import validators_dir

__all__ = ["HOST", "DockerSessionHost"]


def start_session_container(daemon: Daemon, image: str, workspace: Path, bell: Path,
                            seconds: float, limits: Limits, session_id: str) -> str:
    """The session's container: the workspace mounted read-only, and a main process
    that is the bell (see warden.py): at the deadline it ends the runner's processes
    and copies the workspace into ``bell``, a folder the runner can never reach, so
    edits after the bell never count, whether or not a harness command is running."""
    uid = new_runner_uid()
    volumes = {str(workspace.resolve()): {"bind": "/workspace", "mode": "ro"},
               str(bell.absolute()): {"bind": warden.SEALED, "mode": "rw"},
               str(validators_dir()): {"bind": "/opt/harness/validators", "mode": "ro"},
               str(Path(warden.__file__).resolve()): {"bind": WARDEN_SCRIPT, "mode": "ro"}}
    config = hardened_config(limits, volumes, kind="session", uid=uid)
    # Root-only: the runner can neither list nor enter it, so neither the bell's folder
    # mounted inside it nor the frozen copy is in its reach.
    config["tmpfs"]["/sealed"] = "rw,nosuid,nodev,noexec,size=64k,nr_inodes=64,uid=0,gid=0,mode=0700"
    # Rounded up: the bell must never ring before the deadline the database holds.
    config["command"] = ["python3", "-I", WARDEN_SCRIPT, "bell",
                         str(max(1, math.ceil(seconds))), str(uid)]
    config["init"] = True  # docker-init reaps what `harness run` leaves; the bell is its child
    config["labels"][f"{LABEL}.session"] = session_id
    try:
        container = daemon.run(image, config)
    except DaemonRefused as exc:
        raise SandboxError(f"could not start the session container: {exc.detail}") from exc
    return container.id


def end_runner(daemon: Daemon, container_id: str) -> None:
    """End every process of the session's runner uid (after each `harness run` and
    `harness shell`, and before `submit` reads the frozen copy); nothing when the
    container is gone or stopped."""
    container = get_container(daemon, container_id)
    if container is not None and container.state(refresh=False).running and is_ours(container):
        kill_runner(container)


def run_in_container(daemon: Daemon, container_id: str, argv: list[str], *, budget: float,
                     cap: int) -> tuple[int | None, bytes, str]:
    """(exit code, output, what stopped it) for a command in the session container."""
    try:
        container = daemon.get(container_id)
    except ContainerGone as exc:
        raise SandboxError("the session container is gone",
                           hint="`harness resume` starts a new one") from exc
    if not container.state(refresh=False).running or not is_ours(container):
        raise SandboxError("the session container is not running",
                           hint="`harness resume` starts a new one")
    try:
        result = exec_capped(container, argv, budget=budget, cap=cap, keep=cap,
                             workdir="/workspace")
    finally:  # whatever ended it (exit, timeout, flood, Ctrl-C): nothing it started lives on
        kill_runner(container)
    stop = "timeout" if result.timed_out else ("output_limit" if result.flooded else "")
    return result.exit_code, bytes(result.data), stop


def remove_container(daemon: Daemon, container_id: str) -> bool:
    """Remove a container by id; False when it was already gone."""
    try:
        container = daemon.get(container_id)
    except ContainerGone:
        return False
    except DaemonRefused as exc:
        raise SandboxError(f"could not reach the session container: {exc.detail}") from exc
    if not is_ours(container):
        return False
    container.remove()
    return True


class DockerSessionHost:
    name = "docker"
    containers = True
    isolated = True

    @daemon_calls
    def require(self) -> None:
        require_image(connect())

    @daemon_calls
    def start(self, start: SessionStart) -> str:
        daemon = connect()
        image = DockerSandbox(daemon).image(start.requires)
        return start_session_container(daemon, image, start.workspace, start.bell,
                                       start.seconds, start.limits, start.session_id)

    @daemon_calls
    def running(self, container_id: str) -> bool:
        from harness.sandbox.probe import container_running as probe

        running = probe(container_id)  # stdlib only: `status` never loads docker-py
        if running is None:  # not a unix socket: ask through docker-py
            running = container_running(connect(), container_id)
        return running

    @daemon_calls
    def end_commands(self, container_id: str) -> None:
        end_runner(connect(), container_id)

    @daemon_calls
    def execute(self, container_id: str, argv: list[str], *, budget: float,
                cap: int) -> CommandResult:
        code, output, stop = run_in_container(connect(), container_id, argv, budget=budget,
                                              cap=cap)
        return CommandResult(exit_code=code, output=output, stop=stop)

    @daemon_calls
    def shell_argv(self, container_id: str) -> list[str]:
        container = get_container(connect(), container_id)
        if container is None:
            raise UsageError("the session container is gone",
                             hint="`harness resume` starts a new one")
        docker_cli = shutil.which("docker")
        if docker_cli is None:
            raise UsageError("`harness shell` needs the docker command on PATH",
                             hint="use `harness run -- CMD` instead")
        return [docker_cli, "exec", "-it", "-u", runner_of(container), "-w", "/workspace",
                "-e", "HOME=/tmp", container_id, "/bin/sh"]

    @daemon_calls
    def remove(self, session_id: str, container_id: str) -> bool:
        from harness.sandbox.warm import discard

        discard(session_id)
        return remove_container(connect(), container_id) if container_id else False

    @daemon_calls
    def sandbox(self, session_id: str) -> Sandbox:
        from harness.sandbox.warm import WarmSandbox

        return WarmSandbox(session_id)

    @daemon_calls
    def replenish(self, session_id: str, limits: Limits, used: list[str]) -> None:
        from harness.sandbox.warm import spawn_prepare

        spawn_prepare(session_id, limits, used)


HOST = DockerSessionHost()

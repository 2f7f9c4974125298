"""The daemon and its containers, as small typed handles.

With ``docker_image.py`` and ``docker.py``, the only modules that import ``docker``.
Callers get a :class:`Daemon` and :class:`Container`; the docker-py objects stay
private inside them, and every docker-py call goes through :func:`daemon_calls`: a
dropped connection becomes :class:`~harness.errors.DaemonLost`, a container that is
not there :class:`ContainerGone`, any other refusal :class:`DaemonRefused`.  Nothing
of requests, urllib3 or docker-py reaches the callers or the CLI's error boundary.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

import docker
import docker.errors
import requests.exceptions
import urllib3.exceptions

from harness.errors import DaemonLost, SandboxError, SandboxUnavailable
from harness.paths import harness_home

P = ParamSpec("P")
R = TypeVar("R")

__all__ = ["LABEL", "Container", "ContainerGone", "ContainerState", "Daemon", "DaemonInfo",
           "DaemonRefused", "connect", "daemon_calls", "get_container", "home_label", "is_ours",
           "listed", "lost_daemon", "remove", "remove_id", "remove_worker_leftovers", "strays"]

LABEL = "io.harness"  # every container the harness creates carries it; `harness gc` sweeps by it
_CONNECTION_LOST = (requests.exceptions.RequestException, urllib3.exceptions.HTTPError)


class DaemonRefused(SandboxError):
    """The daemon answered, and said no.  ``detail`` is what it said."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"the Docker daemon refused: {detail}")
        self.detail = detail


class ContainerGone(DaemonRefused):
    """The container (or image) asked for is not there."""


def lost_daemon() -> DaemonLost:
    return DaemonLost(
        "lost the Docker daemon during the run: the sandbox container was stopped or the "
        "connection dropped (was the daemon restarted?)",
        hint="nothing was recorded for this run; check `harness doctor`, then run again",
    )


@contextlib.contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except docker.errors.NotFound as exc:
        raise ContainerGone(str(exc)) from exc
    except docker.errors.DockerException as exc:  # before: an APIError is a requests error too
        raise DaemonRefused(str(exc)) from exc
    except _CONNECTION_LOST as exc:
        raise lost_daemon() from exc


def daemon_calls(func: Callable[P, R]) -> Callable[P, R]:
    """Wrap a function that talks to the daemon (see the module docstring)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with _translated():
            return func(*args, **kwargs)

    return wrapper


def _guarded(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """A docker-py output stream whose read errors are translated too."""
    try:
        with _translated():
            yield from chunks
    finally:
        with contextlib.suppress(Exception):
            chunks.close()  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ContainerState:
    """What the daemon last said about a container."""

    running: bool
    oom_killed: bool


@dataclass(frozen=True)
class ExecState:
    """Whether an exec still runs, and its exit code once it has one."""

    running: bool
    exit_code: int | None

    @property
    def ended(self) -> bool:
        """An exec has ended only once it has an exit code: right after exec_start, on a
        busy machine, it may not be running *yet* (issue seen under parallel runs)."""
        return not self.running and self.exit_code is not None


class Container:
    """One container; the docker-py object stays private."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw

    @property
    def id(self) -> str:
        return str(self._raw.id)

    def label(self, name: str, default: str = "") -> str:
        """The value of label ``io.harness.NAME`` (``name`` '' for ``io.harness`` itself)."""
        key = f"{LABEL}.{name}" if name else LABEL
        return str((self._raw.labels or {}).get(key, default))

    def state(self, *, refresh: bool = True) -> ContainerState:
        """Its state, asked again unless ``refresh`` is False (then as last fetched)."""
        if refresh:
            self._reload()
        state = self._raw.attrs.get("State", {})
        return ContainerState(running=bool(state.get("Running", True)),
                              oom_killed=bool(state.get("OOMKilled")))

    @daemon_calls
    def _reload(self) -> None:
        self._raw.reload()

    @daemon_calls
    def start(self) -> None:
        self._raw.start()

    @daemon_calls
    def kill(self) -> None:
        self._raw.kill()

    def remove(self) -> None:
        """Remove it whatever state it is in; never raises."""
        with contextlib.suppress(SandboxError, SandboxUnavailable):
            self._remove()

    @daemon_calls
    def _remove(self) -> None:
        self._raw.remove(force=True, v=True)

    @daemon_calls
    def exec_create(self, argv: list[str], *, user: str, environment: dict[str, str],
                    workdir: str) -> str:
        api = self._raw.client.api
        return str(api.exec_create(self.id, argv, user=user, environment=environment,
                                   workdir=workdir)["Id"])

    @daemon_calls
    def exec_stream(self, exec_id: str) -> Iterator[bytes]:
        """Start an exec; its output as it comes."""
        return _guarded(self._raw.client.api.exec_start(exec_id, stream=True))

    @daemon_calls
    def exec_detach(self, exec_id: str) -> None:
        self._raw.client.api.exec_start(exec_id, detach=True)

    @daemon_calls
    def exec_state(self, exec_id: str) -> ExecState:
        info = self._raw.client.api.exec_inspect(exec_id)
        code = info.get("ExitCode")
        return ExecState(running=bool(info.get("Running")),
                         exit_code=code if isinstance(code, int) else None)

    @daemon_calls
    def exec_run(self, argv: list[str], *, user: str) -> tuple[int, bytes | None]:
        """Run ``argv`` to its end: (exit code, stdout)."""
        code, (out, _err) = self._raw.exec_run(argv, user=user, demux=True)
        return int(code if code is not None else -1), (bytes(out) if out is not None else None)


@dataclass(frozen=True)
class DaemonInfo:
    """What `harness doctor` reports about the daemon."""

    version: str
    storage: str
    cgroup: str
    cgroup_driver: str
    security: tuple[str, ...]
    memory_limit: bool
    pids_limit: bool


class Daemon:
    """The local Docker daemon; the docker-py client stays private."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw

    @daemon_calls
    def info(self) -> DaemonInfo:
        info = self._raw.info()
        return DaemonInfo(
            version=str(info.get("ServerVersion", "?")), storage=str(info.get("Driver", "?")),
            cgroup=str(info.get("CgroupVersion", "?")), cgroup_driver=str(info.get("CgroupDriver", "?")),
            security=tuple(str(s).split(",")[0] for s in info.get("SecurityOptions", [])),
            memory_limit=bool(info.get("MemoryLimit")), pids_limit=bool(info.get("PidsLimit")))

    @daemon_calls
    def create(self, image: str, config: dict[str, Any]) -> Container:
        """A created, not yet started, container of ``image`` with docker-py's ``config``."""
        return Container(self._raw.containers.create(image, **config))

    @daemon_calls
    def run(self, image: str, config: dict[str, Any]) -> Container:
        """A started container (``config`` must say ``detach``)."""
        return Container(self._raw.containers.run(image, **config))

    @daemon_calls
    def get(self, container_id: str) -> Container:
        """The container; ContainerGone when there is none by that id."""
        return Container(self._raw.containers.get(container_id))

    @daemon_calls
    def list_entries(self, labels: list[str]) -> list[dict[str, Any]]:
        found = self._raw.api.containers(all=True, filters={"label": labels})
        return [entry for entry in found if isinstance(entry, dict) and "Id" in entry]

    @daemon_calls
    def remove_container(self, container_id: str) -> None:
        self._raw.api.remove_container(container_id, force=True, v=True)

    @daemon_calls
    def image_exists(self, tag: str) -> bool:
        try:
            self._raw.images.get(tag)
        except docker.errors.ImageNotFound:
            return False
        return True

    @daemon_calls
    def pull(self, ref: str) -> None:
        self._raw.images.pull(ref)

    def build(self, folder: str, tag: str, base: str) -> None:
        """Build ``folder`` as ``tag`` on ``base``; SandboxError with the build's log."""
        try:
            self._raw.images.build(path=folder, tag=tag, buildargs={"BASE": base}, rm=True,
                                   forcerm=True, pull=False, labels={LABEL: "image"})
        except docker.errors.BuildError as exc:
            log = "".join(str(line.get("stream", line.get("error", ""))) for line in exc.build_log)
            raise SandboxError(f"building the sandbox image failed:\n{log[-3000:]}") from exc
        except (docker.errors.DockerException, *_CONNECTION_LOST) as exc:
            raise SandboxError(f"building the sandbox image failed: {exc}") from exc


def connect() -> Daemon:
    """The local daemon, or SandboxUnavailable with advice."""
    try:
        client = docker.from_env(timeout=60)
        client.ping()
    except (docker.errors.DockerException, *_CONNECTION_LOST) as exc:
        raise SandboxUnavailable(
            "cannot reach the Docker daemon",
            hint="start Docker (on Debian as root: `dockerd &`), check DOCKER_HOST, "
            "then run `harness doctor`; or use `--backend local` (not isolated)",
        ) from exc
    return Daemon(client)


def remove(container: Container) -> None:
    """Remove a container whatever state it is in; never raises."""
    container.remove()


def home_label() -> str:
    """The label filter that names this HARNESS_HOME's containers and no other's."""
    return f"{LABEL}.home={harness_home()}"


def listed(daemon: Daemon, labels: list[str]) -> list[dict[str, Any]]:
    """The daemon's list entries (Id, Names, Labels) of every container, running or
    not, with all of ``labels`` and this home's label, in one call.  Never an inspect
    per container: another process may remove one between the list and the inspect
    (docker-py's ``containers.list`` then raises NotFound and the rest are never seen)."""
    try:
        return daemon.list_entries([*labels, home_label()])
    except (SandboxError, SandboxUnavailable) as exc:
        raise SandboxError(f"could not list containers: {exc.__cause__ or exc}") from exc


def remove_id(daemon: Daemon, container_id: str) -> None:
    """Remove a container by id whatever state it is in (gone already is fine); never raises."""
    with contextlib.suppress(SandboxError, SandboxUnavailable):
        daemon.remove_container(container_id)


def remove_worker_leftovers(worker: str) -> int:
    """Remove every container labelled with cluster worker ``worker`` (its own leftovers only)."""
    from harness.sandbox.run_labels import WORKER_LABEL

    daemon = connect()
    found = listed(daemon, [f"{WORKER_LABEL}={worker}"])
    for entry in found:
        remove_id(daemon, entry["Id"])
    return len(found)


@dataclass(frozen=True)
class Stray:
    """A container of this HARNESS_HOME, as `harness gc` needs to judge it."""

    id: str
    name: str
    kind: str  # run | warm | session | probe
    owner_pid: int  # the harness process that created it
    session: str  # the session it belongs to ('' for none)


def strays(daemon: Daemon) -> list[Stray]:
    """Every container of this HARNESS_HOME (never another home's: two users, or two
    test suites, share one daemon)."""
    rows = []
    for entry in listed(daemon, [LABEL]):
        labels = entry.get("Labels") or {}
        names = entry.get("Names") or [entry["Id"][:12]]
        pid = labels.get(f"{LABEL}.pid", "0")
        rows.append(Stray(id=entry["Id"], name=str(names[0]).lstrip("/"),
                          kind=labels.get(f"{LABEL}.kind", ""),
                          owner_pid=int(pid) if pid.isdigit() else 0,
                          session=labels.get(f"{LABEL}.session", "")))
    return rows


def is_ours(container: Container) -> bool:
    """Whether ``container`` carries this HARNESS_HOME's label (a row of another home's
    database, or a crafted one, must never make this home act on it)."""
    return container.label("home") == str(harness_home())


def container_running(daemon: Daemon, container_id: str) -> bool:
    try:
        return daemon.get(container_id).state(refresh=False).running
    except DaemonRefused:
        return False


def get_container(daemon: Daemon, container_id: str) -> Container | None:
    """The container, or None when it is gone, the daemon cannot say, or it belongs to
    another HARNESS_HOME (an id from a file is never enough to act on a container)."""
    try:
        container = daemon.get(container_id)
    except (SandboxError, SandboxUnavailable):
        return None
    return container if is_ours(container) else None

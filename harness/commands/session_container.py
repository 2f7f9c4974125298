"""A session's container, through its SessionHost: start, replace, remove, its state,
the sandbox its validations take, and the end of what the candidate started in it.
The host carries what differs between backends (``containers``, ``isolated``)."""

from __future__ import annotations

from harness.errors import UsageError
from harness.sandbox import (
    Limits,
    Sandbox,
    SessionHost,
    SessionStart,
    get_backend,
    get_session_host,
)
from harness.session import Active, prepare_bell_dir, require_live
from harness.store import Store

__all__ = ["container_state", "end_runner", "host_of", "live_container", "prepare_next",
           "sandbox_for", "start_container", "stop_container"]


def host_of(active: Active) -> SessionHost:
    return get_session_host(active.row.backend)


def start_container(active: Active, store: Store) -> None:
    spec = active.problem.spec
    host = host_of(active)
    if not host.containers:
        return
    cid = host.start(SessionStart(session_id=active.row.id, workspace=active.workspace,
                                  bell=prepare_bell_dir(active.row.id),
                                  seconds=active.row.remaining(),
                                  limits=Limits.from_spec(spec.limits),
                                  requires=tuple(spec.requires)))
    store.update(active.row.id, container=cid)


def sandbox_for(active: Active, backend: str) -> Sandbox:
    """The session's own fast path (docker: a container started ahead of need, see
    warm.py); ``--backend local`` on a docker session runs locally."""
    if backend != active.row.backend:
        return get_backend(backend)
    return host_of(active).sandbox(active.row.id)


def prepare_next(active: Active, used: list[str] | None = None) -> None:
    host_of(active).replenish(active.row.id, Limits.from_spec(active.problem.spec.limits),
                              used or [])


def stop_container(active: Active) -> bool:
    if not active.row.container:
        return False
    return host_of(active).remove(active.row.id, active.row.container)


def container_state(active: Active) -> str:
    """'' when the bell's container runs (or none is expected), else what is wrong."""
    host = host_of(active)
    if active.row.ended is not None or not host.containers:
        return ""
    if not active.row.container:
        return "this session has no container: the bell cannot ring"
    if host.running(active.row.container):
        return ""
    return "the session container is gone: the bell will not ring (`harness resume` starts a new one)"


def end_runner(active: Active) -> None:
    """No process the candidate started in the session container outlives this."""
    if active.row.container:
        host_of(active).end_commands(active.row.container)


def live_container(active: Active) -> str:
    require_live(active)
    if not host_of(active).containers or not active.row.container:
        raise UsageError("this session has no container (local backend)",
                         hint="run your code directly; `harness run` needs the docker backend")
    return active.row.container


"""The sandbox image on the daemon: is it there, pull a base, build one."""

from __future__ import annotations

from pathlib import Path

from harness.errors import SandboxError, SandboxUnavailable
from harness.sandbox.docker_client import Daemon
from harness.sandbox.image import image_tag

__all__ = ["build_image", "has_image", "require_image", "try_pull"]


def require_image(daemon: Daemon, tag: str | None = None) -> str:
    """The current sandbox image's tag; SandboxUnavailable if it is missing."""
    tag = tag or image_tag()
    try:
        present = daemon.image_exists(tag)
    except SandboxError as exc:
        raise SandboxUnavailable(f"Docker could not look up the image: {exc.__cause__}") from exc
    if not present:
        raise SandboxUnavailable(
            f"the sandbox image {tag} is missing or out of date",
            hint="build it with `harness sandbox build` (or `make image`)",
        )
    return tag


def build_image(daemon: Daemon, tag: str, base: str, folder: Path) -> None:
    """Build the sandbox image from ``folder`` on top of ``base``."""
    daemon.build(str(folder), tag, base)


def has_image(daemon: Daemon, tag: str) -> bool:
    return daemon.image_exists(tag)


def try_pull(daemon: Daemon, ref: str) -> bool:
    """Pull ``ref``; False (quickly) where no registry is reachable."""
    try:
        daemon.pull(ref)
    except SandboxError:
        return False
    return True

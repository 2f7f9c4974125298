"""Make sure the sandbox image exists: pick a base, build, tag by content."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable

from harness.errors import SandboxError
from harness.sandbox.docker_client import Daemon, connect
from harness.sandbox.docker_image import build_image, has_image, try_pull
from harness.sandbox.image import SLIM_BASE, base_tag, image_tag, sandbox_dir
from harness.sandbox.wheels import download_wheels

__all__ = ["choose_base", "ensure_image"]


def _bootstrap_base(say: Callable[[str], None]) -> str:
    script = sandbox_dir() / "build-base.sh"
    tag = base_tag()
    say(f"no registry reachable: bootstrapping {tag} from Debian packages (about a minute)")
    proc = subprocess.run(["bash", str(script), tag], capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0:
        raise SandboxError(
            f"could not bootstrap a base image: {proc.stderr.strip()[-2000:]}",
            hint="install debootstrap (apt-get install debootstrap) and run as root, "
            "or set HARNESS_SANDBOX_BASE to a local image with Python 3.11+",
        )
    return tag


def choose_base(daemon: Daemon, say: Callable[[str], None]) -> str:
    """HARNESS_SANDBOX_BASE, else a local slim or bootstrapped base, else pull, else bootstrap."""
    chosen = os.environ.get("HARNESS_SANDBOX_BASE")
    if chosen:
        return chosen
    for candidate in (SLIM_BASE, base_tag()):
        if has_image(daemon, candidate):
            return candidate
    if try_pull(daemon, SLIM_BASE):
        return SLIM_BASE
    return _bootstrap_base(say)


def ensure_image(*, force: bool = False, say: Callable[[str], None] = print) -> tuple[str, bool]:
    """(tag, built): build the image unless the current one is there already."""
    daemon = connect()
    tag = image_tag()
    if has_image(daemon, tag) and not force:
        return tag, False
    say("downloading the pinned wheels on the host (sandbox/requirements.txt)")
    download_wheels()
    base = choose_base(daemon, say)
    say(f"building {tag} on {base}")
    build_image(daemon, tag, base, sandbox_dir())
    return tag, True

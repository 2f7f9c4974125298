"""Make sure the sandbox image exists: pick a base, build, tag by content."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable

from harness.errors import SandboxError
from harness.sandbox.docker import build_image, connect, has_image, try_pull
from harness.sandbox.image import BASE_TAG, SLIM_BASE, image_tag, sandbox_dir

__all__ = ["choose_base", "ensure_image"]


def _bootstrap_base(say: Callable[[str], None]) -> str:
    script = sandbox_dir() / "build-base.sh"
    say(f"no registry reachable: bootstrapping {BASE_TAG} from Debian packages (about a minute)")
    proc = subprocess.run(["bash", str(script), BASE_TAG], capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0:
        raise SandboxError(
            f"could not bootstrap a base image: {proc.stderr.strip()[-2000:]}",
            hint="install debootstrap (apt-get install debootstrap) and run as root, "
            "or set HARNESS_SANDBOX_BASE to a local image with Python 3.11+",
        )
    return BASE_TAG


def choose_base(client: object, say: Callable[[str], None]) -> str:
    """HARNESS_SANDBOX_BASE, else a local slim or bootstrapped base, else pull, else bootstrap."""
    chosen = os.environ.get("HARNESS_SANDBOX_BASE")
    if chosen:
        return chosen
    for candidate in (SLIM_BASE, BASE_TAG):
        if has_image(client, candidate):
            return candidate
    if try_pull(client, SLIM_BASE):
        return SLIM_BASE
    return _bootstrap_base(say)


def ensure_image(*, force: bool = False, say: Callable[[str], None] = print) -> tuple[str, bool]:
    """(tag, built): build the image unless the current one is there already."""
    client = connect()
    tag = image_tag()
    if has_image(client, tag) and not force:
        return tag, False
    base = choose_base(client, say)
    say(f"building {tag} on {base}")
    build_image(client, tag, base, sandbox_dir())
    return tag, True

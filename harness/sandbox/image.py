"""Where the sandbox definition lives and the image tag derived from its content."""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["BASE_TAG", "IMAGE_REPO", "SLIM_BASE", "image_tag", "sandbox_dir", "validators_dir"]

IMAGE_REPO = "harness-sandbox"
BASE_TAG = "harness-base:bookworm"  # bootstrapped from Debian packages by build-base.sh
SLIM_BASE = "python:3.11-slim"  # used where a registry is reachable
IMAGE_INPUTS = ("Dockerfile", "requirements.txt", "build-base.sh")  # what the image is made of


def sandbox_dir() -> Path:
    """The ``sandbox/`` folder of the checkout this harness runs from."""
    return Path(__file__).resolve().parents[2] / "sandbox"


def validators_dir() -> Path:
    """The ``validators`` package, mounted read-only into every container."""
    import validators

    return Path(validators.__file__).resolve().parent


def image_tag(folder: Path | None = None) -> str:
    """``harness-sandbox:<hash>``: a change to ``sandbox/`` gives a new tag, so a
    stale image is noticed rather than used."""
    folder = folder or sandbox_dir()
    digest = hashlib.sha256()
    for path in sorted(folder / name for name in IMAGE_INPUTS):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return f"{IMAGE_REPO}:{digest.hexdigest()[:12]}"

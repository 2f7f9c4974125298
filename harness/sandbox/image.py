"""Where the sandbox definition lives and the image tag derived from its content."""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["IMAGE_REPO", "SLIM_BASE", "WHEELS", "base_tag", "image_tag", "sandbox_dir",
           "validators_dir"]

IMAGE_REPO = "harness-sandbox"
BASE_REPO = "harness-base"  # bootstrapped from Debian packages by build-base.sh
SLIM_BASE = "python:3.11-slim"  # used where a registry is reachable
IMAGE_INPUTS = ("Dockerfile", "requirements.txt", "build-base.sh", "check-pins.py")
WHEELS = ".wheels"  # under sandbox/, git-ignored: the pinned wheels the build installs


def sandbox_dir() -> Path:
    """The ``sandbox/`` folder of the checkout this harness runs from."""
    return Path(__file__).resolve().parents[2] / "sandbox"


def validators_dir() -> Path:
    """The ``validators`` package, mounted read-only into every container."""
    import validators

    return Path(validators.__file__).resolve().parent


def _digest(folder: Path, names: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder / name for name in names):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def base_tag(folder: Path | None = None) -> str:
    """``harness-base:bookworm-<hash of build-base.sh>``: a base bootstrapped by an
    older script (one that still brought Debian's numpy) is never reused."""
    return f"{BASE_REPO}:bookworm-{_digest(folder or sandbox_dir(), ('build-base.sh',))}"


def image_tag(folder: Path | None = None) -> str:
    """``harness-sandbox:<hash>``: a change to ``sandbox/`` gives a new tag, so a
    stale image is noticed rather than used."""
    return f"{IMAGE_REPO}:{_digest(folder or sandbox_dir(), IMAGE_INPUTS)}"

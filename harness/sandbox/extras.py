"""Images for problems that declare extra packages (``requires:`` in problem.yaml).

A problem may ask for pinned packages beyond the sandbox image's own (pandas,
scikit-learn, ...).  It then runs on a derived image: the sandbox image plus
exactly those pins, installed from binary wheels the host downloads (the
container may not reach an index; ``--only-binary`` means no package's build
code ever runs on the host), with the base's own pins as constraints so a shared
dependency keeps its version.  The tag is derived from the base tag and the pins,
so problems that ask for the same set share one image, and a new base gives a
new derived image.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from harness.errors import InvalidProblem, SandboxError
from harness.paths import cache_dir
from harness.sandbox.image import image_tag, sandbox_dir
from harness.sandbox.wheels import download_argv

if TYPE_CHECKING:
    from harness.sandbox.docker_client import Daemon

__all__ = ["EXTRA_REPO", "ensure_extra_image", "extra_image_tag"]

EXTRA_REPO = "harness-sandbox-extra"

# Runs as root only for the install, then back to the base image's own user.
_DOCKERFILE = """\
ARG BASE
FROM ${BASE}
USER 0:0
COPY requires.txt /opt/harness/requires.txt
COPY wheels/ /tmp/wheels/
RUN python3 -m pip install --no-index --find-links /tmp/wheels --no-cache-dir \\
      --break-system-packages --root-user-action=ignore --disable-pip-version-check \\
      --no-warn-script-location -r /opt/harness/requires.txt \\
      -c /opt/harness/requirements.txt \\
 && rm -rf /tmp/wheels \\
 && python3 /opt/harness/check-pins.py /opt/harness/requires.txt \\
 && python3 /opt/harness/check-pins.py /opt/harness/requirements.txt
USER 10000:10000
"""
# What pip says when a pin does not exist: the package's fault, not the machine's.
_NOT_FOUND = ("No matching distribution", "Could not find a version")


def extra_image_tag(requires: Sequence[str], base: str | None = None) -> str:
    """``harness-sandbox-extra:<hash>`` of the base image and the sorted pins."""
    digest = hashlib.sha256((base or image_tag()).encode())
    for pin in sorted(p.lower() for p in requires):
        digest.update(b"\0" + pin.encode())
    return f"{EXTRA_REPO}:{digest.hexdigest()[:12]}"


def _say(message: str) -> None:
    import sys

    print(message, file=sys.stderr)  # stdout may be a JSON document


def ensure_extra_image(requires: Sequence[str], daemon: Daemon, base: str, *,
                       say: Callable[[str], None] = _say) -> str:
    """The derived image's tag, built on ``base`` first when it is missing."""
    from harness.sandbox.docker_image import build_image, has_image

    tag = extra_image_tag(requires, base)
    if has_image(daemon, tag):
        return tag
    say(f"building {tag} for {', '.join(sorted(requires))} (once; problems asking for the "
        "same packages share it)")
    root = cache_dir() / "images"
    root.mkdir(parents=True, exist_ok=True)
    context = Path(tempfile.mkdtemp(prefix="extra-", dir=root))
    try:
        _fill_context(context, requires)
        build_image(daemon, tag, base, context)
    finally:
        shutil.rmtree(context, ignore_errors=True)
    return tag


def _fill_context(context: Path, requires: Sequence[str]) -> None:
    (context / "Dockerfile").write_text(_DOCKERFILE)
    pins = context / "requires.txt"
    pins.write_text("".join(f"{p}\n" for p in sorted(requires)))
    wheels = context / "wheels"
    wheels.mkdir()
    argv = [*download_argv(wheels, pins), "-c", str(sandbox_dir() / "requirements.txt")]
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    if proc.returncode == 0:
        return
    said = proc.stderr.strip()[-1500:]
    if any(marker in said for marker in _NOT_FOUND):
        raise InvalidProblem(
            f"requires: a package cannot be found as a wheel for the sandbox's Python: {said}",
            hint="pin a version that exists on the package index as a binary wheel for "
            "CPython 3.11 on Linux (requires: [name==version])")
    raise SandboxError(f"could not download the wheels the problem requires: {said}",
                       hint="the host needs pip and a reachable package index once; "
                       "then the image is kept")

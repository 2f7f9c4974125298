"""Bring the sandbox's pinned wheels in from the host.

Containers here cannot reach a package index (HTTPS fails inside them), and
Debian's own numpy runs on the reference BLAS: so the host downloads exactly the
pins of ``sandbox/requirements.txt`` as binary wheels for the image's Python and
platform, and the image build installs them with ``--no-index``.  Both bases, the
official slim Python and the Debian bootstrap, then hold the same packages.
"""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

from harness.errors import SandboxError
from harness.sandbox.image import WHEELS, sandbox_dir

__all__ = ["IMAGE_PYTHON", "download_wheels"]

IMAGE_PYTHON = "3.11"  # both bases: python:3.11-slim and Debian bookworm
# glibc-based manylinux tags the image's glibc (2.36 on bookworm) accepts, newest first.
_MANYLINUX = ("manylinux_2_28", "manylinux_2_17", "manylinux2014")


def _platforms() -> list[str]:
    machine = platform.machine().lower().replace("amd64", "x86_64").replace("arm64", "aarch64")
    args = []
    for tag in _MANYLINUX:
        args += ["--platform", f"{tag}_{machine}"]
    return args


def download_argv(target: Path, requirements: Path) -> list[str]:
    """``pip download`` of binary wheels for the image's CPython, not the host's."""
    abi = "cp" + IMAGE_PYTHON.replace(".", "")
    return [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
            "--only-binary=:all:", "--python-version", IMAGE_PYTHON, "--implementation", "cp",
            "--abi", abi, "--abi", "none", "--abi", "abi3", *_platforms(), "--platform", "any",
            "-d", str(target), "-r", str(requirements)]


def download_wheels(folder: Path | None = None) -> Path:
    """Fill ``sandbox/.wheels`` with the pinned wheels (pip skips what is there)."""
    folder = folder or sandbox_dir()
    target = folder / WHEELS
    target.mkdir(exist_ok=True)
    proc = subprocess.run(download_argv(target, folder / "requirements.txt"),
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SandboxError(
            f"could not download the sandbox's pinned wheels: {proc.stderr.strip()[-2000:]}",
            hint="the host needs pip and a reachable package index (PyPI) once; the wheels "
            f"are then kept in {target}")
    return target

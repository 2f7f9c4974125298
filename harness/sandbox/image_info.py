"""What Python, numpy and BLAS the sandbox image really has, asked inside it.

`harness doctor` runs this probe in a hardened container of the current image:
the answer is what a submission gets, whichever base the image was built on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from harness.sandbox import Limits
from harness.sandbox.docker import create_started
from harness.sandbox.docker_client import Daemon
from harness.sandbox.docker_exec import exec_capped
from harness.sandbox.image import sandbox_dir

__all__ = ["ImageInfo", "image_info", "pinned"]

_PROBE = """
import json, sys
info = {"python": sys.version.split()[0]}
try:
    import numpy
    info["numpy"] = numpy.__version__
    info["numpy_path"] = numpy.__file__
    blas = numpy.show_config(mode="dicts")["Build Dependencies"]["blas"]
    info["blas"] = (blas.get("name", "?") + " " + str(blas.get("version", ""))).strip()
except Exception as exc:
    info.setdefault("numpy", "?")
    info["blas"] = "unknown (%s)" % type(exc).__name__
print(json.dumps(info))
"""
_CAP = 8 << 10  # bytes of the probe's answer kept


@dataclass(frozen=True)
class ImageInfo:
    python: str
    numpy: str
    blas: str
    numpy_path: str


def pinned(name: str, folder: Path | None = None) -> str:
    """The version ``sandbox/requirements.txt`` pins for ``name`` ('' if none)."""
    for line in ((folder or sandbox_dir()) / "requirements.txt").read_text().splitlines():
        package, _, version = line.split("#", 1)[0].strip().partition("==")
        if package.strip().lower() == name:
            return version.strip()
    return ""


def _parse(raw: bytes) -> ImageInfo:
    try:
        data = json.loads(raw.decode("utf-8", "replace").strip().splitlines()[-1])
        return ImageInfo(*(str(data.get(k, "?"))[:200] for k in
                           ("python", "numpy", "blas", "numpy_path")))
    except (ValueError, IndexError, AttributeError):
        return ImageInfo("?", "?", "the probe printed no answer", "?")


def image_info(daemon: Daemon) -> ImageInfo:
    """Run the probe in a fresh container of the current image."""
    container = create_started(daemon, Limits(), {}, kind="probe", labels={})
    try:
        stream = exec_capped(container, ["python3", "-I", "-c", _PROBE], budget=30.0, cap=_CAP,
                             keep=_CAP)
    finally:
        container.remove()
    return _parse(bytes(stream.data))

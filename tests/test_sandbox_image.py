"""The sandbox image holds exactly the pins of sandbox/requirements.txt, whichever
base it was built on: the build's own check (check-pins.py) fails loudly on a
difference, and `harness doctor` reports the Python, numpy and BLAS inside."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHECK = ROOT / "sandbox" / "check-pins.py"
PINS = ROOT / "sandbox" / "requirements.txt"


def _pins() -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in PINS.read_text().splitlines())
    return [line for line in lines if line]


def test_every_requirement_is_an_exact_pin() -> None:
    assert _pins() and all("==" in line for line in _pins())
    names = {line.split("==")[0] for line in _pins()}
    # pytest's own dependencies are pinned too: nothing is left to the resolver
    assert {"pytest", "numpy", "pluggy", "iniconfig", "packaging"} <= names


def test_check_pins_fails_loudly_on_a_different_version(tmp_path: Path) -> None:
    pins = tmp_path / "requirements.txt"
    pins.write_text(f"pytest=={importlib.metadata.version('pytest')}\n")
    ok = subprocess.run([sys.executable, str(CHECK), str(pins)], capture_output=True, text=True,
                        check=False)
    assert ok.returncode == 0, ok.stderr
    pins.write_text("pytest==0.0.1\n")
    wrong = subprocess.run([sys.executable, str(CHECK), str(pins)], capture_output=True,
                           text=True, check=False)
    assert wrong.returncode == 1
    assert "pinned 0.0.1" in wrong.stderr


def test_build_downloads_wheels_for_the_image_python() -> None:
    from harness.sandbox.wheels import download_argv

    argv = download_argv(Path("/w"), PINS)
    assert "--only-binary=:all:" in argv
    assert argv[argv.index("--python-version") + 1] == "3.11"
    assert "cp311" in argv


def test_dockerfile_installs_only_from_the_wheels() -> None:
    text = (ROOT / "sandbox" / "Dockerfile").read_text()
    assert "--no-index" in text and "check-pins.py" in text
    base = (ROOT / "sandbox" / "build-base.sh").read_text()
    assert "python3-numpy" not in base and "python3-pytest" not in base


@pytest.mark.docker
def test_image_freeze_equals_the_pins(daemon: Any) -> None:
    """What check-pins prints inside the current image is exactly the pin list."""
    from harness.sandbox import Limits
    from harness.sandbox.docker import create_started
    from harness.sandbox.docker_exec import exec_capped

    container = create_started(daemon, Limits(), {}, kind="probe", labels={})
    try:
        stream = exec_capped(container, ["python3", "/opt/harness/check-pins.py",
                                         "/opt/harness/requirements.txt"],
                             budget=30.0, cap=1 << 16, keep=1 << 16)
    finally:
        container.remove()
    assert stream.exit_code == 0, bytes(stream.data)
    assert bytes(stream.data).decode().split() == _pins()


@pytest.mark.docker
def test_doctor_reports_python_numpy_and_blas(cli: Any) -> None:
    result = cli("doctor")
    assert result.code == 0, result
    numpy = next(line.split("==")[1] for line in _pins() if line.startswith("numpy=="))
    assert f"numpy {numpy}" in result.out
    assert "Python 3.11" in result.out
    assert "openblas" in result.out.lower()  # the wheel's BLAS, not Debian's reference one

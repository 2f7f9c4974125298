"""A problem may declare extra packages (`requires:`): it then runs on the sandbox image
plus exactly those, and `check` proves it there (#16)."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

PROBLEMS = Path(__file__).resolve().parent / "data" / "problems"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    dest = tmp_path / "problems" / "running-median"
    shutil.copytree(PROBLEMS / "running-median", dest)
    return dest


def _requires(package: Path, pins: str) -> None:
    path = package / "problem.yaml"
    path.write_text(path.read_text().replace("requires: [sortedcontainers==2.4.0]",
                                             f"requires: {pins}"))


@pytest.mark.docker
def test_check_proves_a_problem_on_its_derived_image(cli: Callable[..., Any],
                                                     package: Path) -> None:
    result = cli("--problems-dir", str(package.parent), "check", "running-median", "--json")
    report = json.loads(result.out)["problems"][0]
    assert result.code == 0, report
    # The visible test asserts the pinned version is what the tests import in the sandbox.
    assert any(s["name"] == "reference passes" and s["ok"] for s in report["steps"]), report
    shown = json.loads(cli("--problems-dir", str(package.parent), "show", "running-median",
                           "--json").out)
    assert shown["requires"] == ["sortedcontainers==2.4.0"]
    assert shown["image"].startswith("harness-sandbox-extra:")
    doctor = cli("--problems-dir", str(package.parent), "doctor", "--json")
    rows = {r["check"]: r for r in json.loads(doctor.out)["checks"]}
    assert shown["image"] in rows["image for running-median"]["detail"]


@pytest.mark.docker
def test_a_package_that_cannot_be_found_fails_check_cleanly(cli: Callable[..., Any],
                                                            package: Path) -> None:
    _requires(package, "[harness-no-such-package-here==9.9.9]")
    started = time.monotonic()
    result = cli("--problems-dir", str(package.parent), "check", "running-median")
    text = result.out + result.err
    assert result.code == 1, result
    assert "requires: a package cannot be found" in text, text
    assert "harness-no-such-package-here" in text and "Traceback" not in text
    assert time.monotonic() - started < 120


@pytest.mark.parametrize("pin", ["--index-url=http://127.0.0.1/", "numpy>=1", "numpy",
                                 "git+https://example.invalid/x.git", "numpy==2.2.6 --pre"])
def test_requires_takes_exact_pins_only(cli: Callable[..., Any], package: Path, pin: str) -> None:
    """A pin is `name==version` and nothing else: no option, URL or range reaches pip."""
    _requires(package, json.dumps([pin]))
    result = cli("--backend", "local", "--problems-dir", str(package.parent), "check",
                 "running-median")
    assert result.code == 2, result
    assert "requires[#1]" in result.out + result.err, result


@pytest.mark.docker
@pytest.mark.usefixtures("no_strays")
def test_a_session_runs_on_the_derived_image(cli: Callable[..., Any], package: Path,
                                             tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert cli("--problems-dir", str(package.parent), "start", "running-median", "--dir",
               str(ws)).code == 0
    shutil.copy(package / "solution" / "median.py", ws / "median.py")
    result = cli("--problems-dir", str(package.parent), "validate", "--dir", str(ws), "--json")
    assert result.code == 0, result
    assert json.loads(result.out)["passed"] == 2
    ran = cli("--problems-dir", str(package.parent), "run", "--dir", str(ws), "--", "python3",
              "-c", "import sortedcontainers; print(sortedcontainers.__version__)")
    assert ran.code == 0 and "2.4.0" in ran.out, ran
    assert cli("abandon", "--dir", str(ws)).code == 0

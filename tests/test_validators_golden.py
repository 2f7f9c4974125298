"""Golden files for ``validators``: each example folder has the results it must produce.

In the style of exercise-platform test runners.  Durations are zeroed before
comparing; regenerate with HARNESS_UPDATE_GOLDEN=1 after a deliberate change.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "data" / "golden"
SCHEMA = json.loads((ROOT / "validators" / "results.schema.json").read_text())
BOOT = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from validators.__main__ import main; main()"


def _normalise(doc: dict[str, Any]) -> dict[str, Any]:
    for test in doc["tests"]:
        test["duration"] = 0
        assert test.pop("cpu") >= 0  # measured for every test; its value is the machine's
        test["output"] = test["output"].replace(str(GOLDEN), "<golden>")
    for error in doc["errors"]:
        error["message"] = error["message"].splitlines()[-1] if error["message"] else ""
    return doc


def run_validator(case: Path, tmp_path: Path) -> dict[str, Any]:
    mode = "io" if case.name.startswith("io-") else "pytest"
    out = tmp_path / "results.json"
    argv = [sys.executable, "-I", "-c", BOOT, mode, "--suite", str(case / "tests"),
            "--submission", str(case / "submission"), "--out", str(out), "--nonce", "golden",
            "--time-limit", "5", "--isolation", "inprocess"]  # these files record inprocess runs
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False,
                          env={"PATH": os.environ["PATH"], "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
    assert proc.returncode == 0, proc.stderr  # the validator exits 0 whatever the submission did
    doc = json.loads(out.read_text())
    jsonschema.validate(doc, SCHEMA)
    return _normalise(doc)


@pytest.mark.parametrize("case", sorted(p.name for p in GOLDEN.iterdir()))
def test_golden(case: str, tmp_path: Path) -> None:
    doc = run_validator(GOLDEN / case, tmp_path)
    expected = GOLDEN / case / "expected_results.json"
    if os.environ.get("HARNESS_UPDATE_GOLDEN") == "1":
        expected.write_text(json.dumps(doc, indent=2) + "\n")
    assert doc == json.loads(expected.read_text())

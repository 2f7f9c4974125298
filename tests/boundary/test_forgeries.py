"""Forgeries of the verdicts, through the real validator (``validators pytest``) on a suite.

Each forging submission solves nothing.  In process (``--isolation process``) it
scores nothing; ``inprocess`` shows that each attack is real (it forges every
verdict there), so these tests fail without the boundary.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "boundary"
BOOT = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from validators.__main__ import main; main()"
FORGERIES = ["noop_runtest", "patched_reports", "thread_swap", "reporter_patch", "always_equal",
             "str_subclass"]


def run(sub: str, isolation: str, tmp_path: Path, time_limit: float = 2.0,
        suite: Path = DATA / "suite") -> dict[str, Any]:
    out = tmp_path / f"{Path(sub).name}-{isolation}.json"
    argv = [sys.executable, "-I", "-c", BOOT, "pytest", "--suite", str(suite),
            "--submission", str(DATA / "subs" / sub), "--out", str(out), "--nonce", "n",
            "--time-limit", str(time_limit), "--isolation", isolation]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False,
                          env={"PATH": os.environ["PATH"], "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
    assert proc.returncode == 0, proc.stderr
    doc: dict[str, Any] = json.loads(out.read_text())
    return doc


def verdicts(doc: dict[str, Any]) -> dict[str, str]:
    return {t["id"].split("::")[1]: t["verdict"] for t in doc["tests"]}


def test_the_reference_passes_in_process_mode(tmp_path: Path) -> None:
    doc = run("solution", "process", tmp_path)
    assert verdicts(doc) == dict.fromkeys(["test_get", "test_lookup", "test_items", "test_missing_raises"],
                                          "passed")
    lookup = next(t for t in doc["tests"] if t["id"].endswith("test_lookup"))
    assert lookup["output"] == "looking up k\n"  # the submission's output, captured in its process


@pytest.mark.parametrize("sub", FORGERIES)
def test_a_forgery_scores_nothing_across_the_boundary(sub: str, tmp_path: Path) -> None:
    forged = verdicts(run(sub, "inprocess", tmp_path))
    assert list(forged.values()).count("passed") >= 3, f"the attack itself no longer works: {forged}"
    honest = verdicts(run(sub, "process", tmp_path))
    assert len(honest) == 4 and "passed" not in honest.values(), honest


def test_exit_in_a_call_errors_that_test_only(tmp_path: Path) -> None:
    doc = run("exit_in_call", "process", tmp_path)
    assert verdicts(doc) == {"test_get": "passed", "test_lookup": "error", "test_items": "passed",
                             "test_missing_raises": "passed"}
    lookup = next(t for t in doc["tests"] if t["id"].endswith("test_lookup"))
    assert "the submission's process exited during the test" in lookup["message"]


def test_a_cpu_hog_times_out_that_test_only(tmp_path: Path) -> None:
    doc = run("slow", "process", tmp_path, time_limit=0.5)
    assert verdicts(doc)["test_lookup"] == "timeout"
    assert [v for k, v in verdicts(doc).items() if k != "test_lookup"] == ["passed"] * 3
    lookup = next(t for t in doc["tests"] if t["id"].endswith("test_lookup"))
    # CPU, or (on a machine loaded past 50 runnable processes a core) the wall ceiling first
    assert "s of CPU, the limit is 0.5 s" in lookup["message"] or "ceiling is 2.5 s" in lookup["message"]


def test_exit_at_import_makes_every_test_of_the_module_an_error(tmp_path: Path) -> None:
    golden = ROOT / "tests" / "data" / "golden" / "exit-at-import"
    doc = run(str(golden / "submission"), "process", tmp_path, suite=golden / "tests")
    assert [t["verdict"] for t in doc["tests"]] == ["error", "error"]
    why = "importing calc failed (SystemExit: 0): did the submission exit or crash at import?"
    assert all(t["message"] == why for t in doc["tests"])

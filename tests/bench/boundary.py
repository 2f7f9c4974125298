"""Cost of the process boundary: `python -m tests.bench.boundary [problem ...]`.

1. One crossing (a call returning a small int), median µs, with both processes on
   one CPU and on two; and the submission process's own CPU per crossing.
2. Each shipped pytest-mode problem's whole suite (visible + hidden) against its
   reference: in-process vs through the boundary, wall time, verdicts, and the
   crossings of the heaviest tests.
Writes the figures as JSON to stdout (and a table to stderr).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from validators.boundary import Boundary, local_spawn  # noqa: E402
from validators.boundary.clock import process_cpu  # noqa: E402

CHILD = """
import json, sys
sys.path.insert(0, {root!r})
from validators import pytest_runner
from validators.boundary import boundary as b
records = {{}}
begin, end = b.Boundary.begin_test, b.Boundary.end_test
def begin_test(self, nodeid):
    self._bench_node = nodeid
    begin(self, nodeid)
def end_test(self):
    crossings = self.clock.crossings
    outcome = end(self)
    records[self._bench_node] = [crossings, outcome.cpu]
    return outcome
b.Boundary.begin_test, b.Boundary.end_test = begin_test, end_test
from validators.__main__ import main
try:
    main(sys.argv[1:])
finally:
    with open({records!r}, "w") as fh:
        json.dump(records, fh)
"""


def crossing_cost(same_cpu: bool, calls: int = 4000) -> dict[str, float]:
    folder = tempfile.mkdtemp()
    Path(folder, "tiny.py").write_text("def f():\n    return 1\n")
    boundary = Boundary(local_spawn(folder), folder, cpu_limit=60, wall_limit=200, output_cap=1000)
    f = boundary.import_module("tiny").f
    pid = boundary.process.pid  # type: ignore[union-attr]
    mine = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {0})
    os.sched_setaffinity(pid, {0} if same_cpu else {1})
    try:
        for _ in range(500):
            f()
        cpu_before = process_cpu(pid) or 0.0
        samples = []
        for _ in range(calls // 100):
            start = time.perf_counter()
            for _ in range(100):
                f()
            samples.append((time.perf_counter() - start) / 100)
        server_cpu = ((process_cpu(pid) or 0.0) - cpu_before) / calls
    finally:
        os.sched_setaffinity(0, mine)
        boundary.close()
    return {"median_us": round(statistics.median(samples) * 1e6, 1),
            "server_cpu_us": round(server_cpu * 1e6, 1)}


def run_suite(problem: Path, isolation: str, scratch: Path) -> dict[str, Any]:
    spec = yaml.safe_load((problem / "problem.yaml").read_text())
    out, records = scratch / f"{problem.name}-{isolation}.json", scratch / f"{problem.name}-rec.json"
    argv = [sys.executable, "-I", "-c", CHILD.format(root=str(ROOT), records=str(records)), "pytest",
            "--suite", str(problem / "tests"), "--submission", str(problem / spec["solution"]),
            "--out", str(out), "--nonce", "b", "--time-limit", str(spec["limits"]["time"]),
            "--isolation", isolation]
    started = time.perf_counter()
    subprocess.run(argv, capture_output=True, timeout=1200, check=False,
                   env={"PATH": os.environ["PATH"], "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
    wall = time.perf_counter() - started
    doc = json.loads(out.read_text())
    counts = json.loads(records.read_text()) if isolation == "process" and records.exists() else {}
    tests = {t["id"]: t for t in doc["tests"]}
    return {"wall": round(wall, 2), "tests": tests, "crossings": counts, "errors": doc["errors"]}


def compare(problem: Path, scratch: Path) -> dict[str, Any]:
    inproc = run_suite(problem, "inprocess", scratch)
    proc = run_suite(problem, "process", scratch)
    not_passed = {k: (t["verdict"], t["message"][:300]) for k, t in proc["tests"].items()
                  if t["verdict"] != "passed"}
    heavy = sorted(proc["crossings"].items(), key=lambda kv: -kv[1][0])[:3]
    return {
        "problem": problem.name, "tests": len(proc["tests"]),
        "inprocess_wall_s": inproc["wall"], "process_wall_s": proc["wall"],
        "inprocess_not_passed": [k for k, t in inproc["tests"].items() if t["verdict"] != "passed"],
        "process_not_passed": not_passed, "process_errors": proc["errors"],
        "heaviest": [{"test": k.split("::")[-1], "crossings": c, "submission_cpu_s": cpu,
                      "inprocess_s": inproc["tests"].get(k, {}).get("duration"),
                      "process_s": proc["tests"][k]["duration"]} for k, (c, cpu) in heavy],
    }


def main(names: list[str]) -> int:
    problems = sorted(p for p in (ROOT / "problems").iterdir() if (p / "problem.yaml").exists())
    problems = [p for p in problems if "mode: pytest" in (p / "problem.yaml").read_text()]
    if names:
        problems = [p for p in problems if p.name in names]
    report: dict[str, Any] = {}
    if not names:
        report["crossing_same_cpu"] = crossing_cost(True)
        report["crossing_two_cpus"] = crossing_cost(False)
        print(json.dumps(report), file=sys.stderr)
    scratch = Path(tempfile.mkdtemp())
    report["problems"] = []
    for problem in problems:
        row = compare(problem, scratch)
        report["problems"].append(row)
        print(json.dumps(row), file=sys.stderr)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

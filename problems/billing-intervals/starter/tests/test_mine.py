"""Your own tests (never scored). Run with:  python3 -m pytest tests"""
import importlib.util
import subprocess
import sys
from pathlib import Path


def _solution():
    """solution.py beside this tests/ folder; under `harness validate` your tests
    run from a copy, with your workspace on the import path: find it there."""
    beside = Path(__file__).resolve().parent.parent / "solution.py"
    if beside.is_file():
        return beside
    spec = importlib.util.find_spec("solution")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("solution.py: run pytest from your workspace")
    return Path(spec.origin)


def run(text):
    result = subprocess.run([sys.executable, str(_solution())], input=text,
                            capture_output=True, text=True, timeout=10, check=True)
    return result.stdout


def test_example():
    entries = (
        "acme M-001 2026-01-05T09:00 2026-01-05T09:40\n"
        "globex G-7 2026-01-05T13:00 2026-01-05T13:07\n"
        "acme M-001 2026-01-05T09:30 2026-01-05T10:01\n"
        "acme M-002 2026-01-05T10:00 2026-01-05T10:07\n"
        "acme M-002 2026-01-05T10:07 2026-01-05T10:14\n"
        "globex G-7 2026-01-05T14:00 2026-01-05T14:07\n"
    )
    assert run(entries).split("\n") == [
        "client acme 1.4",
        "matter acme M-001 1.1",
        "matter acme M-002 0.3",
        "client globex 0.4",
        "matter globex G-7 0.4",
        "total 1.8",
        "",
    ]


# Add your own: a 6-minute entry (0.1) vs a 7-minute one (0.2), nested entries, ...

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
    log = (
        "2026-01-05T10:00:01.123Z model=llama-8b status=200 latency_ms=123.4 tokens=57\n"
        "2026-01-05T10:00:02.010Z model=mistral-7b status=200 latency_ms=88 tokens=31\n"
        "2026-01-05T10:00:02.500Z model=llama-8b status=500 latency_ms=2001.25 tokens=0\n"
        "2026-01-05T10:00:03.000Z model=llama-8b status=200 latency_ms=97.125 tokens=40\n"
        "2026-01-05T10:00:04.750Z model=llama-8b status=429 latency_ms=3.5 tokens=0\n"
        "2026-01-05T10:00:05.001Z model=mistral-7b status=503 latency_ms=30000 tokens=0\n"
    )
    assert run(log).split("\n") == [
        "llama-8b 4 97.125 2001.250 2001.250 0.2500",
        "mistral-7b 2 88.000 30000.000 30000.000 0.5000",
        "",
    ]


# Add your own: one model with 20 requests (where is p95?), status 499 vs 500, ...

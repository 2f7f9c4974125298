"""Your own tests (never scored). Run with:  python3 -m pytest tests"""
import subprocess
import sys
from pathlib import Path

SOLUTION = Path(__file__).resolve().parent.parent / "solution.py"


def run(text):
    result = subprocess.run([sys.executable, str(SOLUTION)], input=text,
                            capture_output=True, text=True, timeout=20, check=True)
    return result.stdout


def test_example():
    data = (
        "F clicks_7d id inf\n"
        "F country id inf\n"
        "E 100 clicks_7d u1 4\n"
        "E 100 country u1 DE\n"
        "E 250 clicks_7d u1 9\n"
        "L 200 ex1 id=u1\n"
        "L 250 ex2 id=u1\n"
        "E 300 country u2 FR\n"
        "L 260 ex3 id=u2\n"
        "L 50 ex4 id=u1\n"
    )
    assert run(data).split("\n") == ["ex1 4 DE", "ex2 9 DE", "ex3 NA NA", "ex4 NA NA", ""]


# Add your own: two events at the same time, an event at exactly the label's time, ...

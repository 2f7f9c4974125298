"""Copy generators/common.py into every test file (test files are self-contained:
no conftest, no imports between them).  Run after editing common.py:
    python3 generators/build_tests.py
Each test file keeps its own code below the `# ---- end of shared code ----` line."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMON = (ROOT / "generators" / "common.py").read_text()
END = "# ---- end of shared code ----\n"

for test in sorted((ROOT / "tests").rglob("test_*.py")):
    text = test.read_text()
    docstring, _, rest = text.partition('"""\n')
    own = rest.split(END, 1)[1] if END in rest else rest
    test.write_text(docstring + '"""\n' + COMMON + own)
    print("updated", test.relative_to(ROOT))

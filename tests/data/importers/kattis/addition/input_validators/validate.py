import re
import sys

line = sys.stdin.read()
if not re.fullmatch(r"-?\d+ -?\d+\n", line):
    sys.exit(43)
a, b = map(int, line.split())
sys.exit(42 if abs(a) <= 10**9 and abs(b) <= 10**9 else 43)

import sys

lines = sys.stdin.read().split("\n")
n = int(lines[0])
values = lines[1].split()
sys.exit(42 if 1 <= n <= 1000 and len(values) == n else 43)

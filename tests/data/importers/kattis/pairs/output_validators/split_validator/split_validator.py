"""Accept any two integers of at least `min_part` that add up to n."""

import sys


def judge(message):
    with open(sys.argv[3] + "judgemessage.txt", "w") as feedback:
        feedback.write(message)
    sys.exit(43)


def main():
    flags = sys.argv[4:]
    min_part = int(flags[flags.index("min_part") + 1]) if "min_part" in flags else 0
    with open(sys.argv[1]) as infile:
        n = int(infile.read())
    tokens = sys.stdin.read().split()
    if len(tokens) != 2:
        judge(f"expected two integers, got {len(tokens)} tokens")
    try:
        a, b = int(tokens[0]), int(tokens[1])
    except ValueError:
        judge("the output is not two integers")
    if a + b != n:
        judge(f"{a} + {b} is not {n}")
    if min(a, b) < min_part:
        judge(f"both parts must be at least {min_part}")
    sys.exit(42)


main()

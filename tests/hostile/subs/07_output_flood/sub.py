import sys


def target():
    line = "x" * (1 << 16)
    while True:
        sys.stdout.write(line)  # one endless line

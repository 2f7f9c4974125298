import sys

sys.exit(0)


def target():
    return 42

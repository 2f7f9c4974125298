"""Feature join: read feature events and labelled examples from stdin, print
one joined row per example.

Run:   python3 solution.py < input.txt
Tests: python3 -m pytest tests
"""
import sys


def feature_value(events, t):
    """The value known at time `t` from one entity's events for one feature
    (a list of (time, line_number, value)), or "NA"."""
    raise NotImplementedError


def main():
    lines = sys.stdin.read().split("\n")
    # TODO: read the F lines, collect the E and L lines, print one row per L line.
    raise NotImplementedError


if __name__ == "__main__":
    main()

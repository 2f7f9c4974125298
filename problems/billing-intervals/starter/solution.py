"""Billing intervals: read time entries from stdin, print billed hours.

Run:   python3 solution.py < input.txt
Tests: python3 -m pytest tests
"""
import sys


def parse_timestamp(text):
    """'YYYY-MM-DDTHH:MM' -> minutes since 1970-01-01T00:00 UTC."""
    raise NotImplementedError


def merge(intervals):
    """Merge overlapping or touching [start, end) intervals; return the merged list."""
    raise NotImplementedError


def billed_units(minutes):
    """Number of 6-minute (0.1 h) billing units, rounded up."""
    raise NotImplementedError


def main():
    lines = sys.stdin.read().split("\n")
    # TODO: group entries per (client, matter), merge, round, print the report.
    raise NotImplementedError


if __name__ == "__main__":
    main()

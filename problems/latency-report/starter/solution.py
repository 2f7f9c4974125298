"""Latency report: read inference-server log lines from stdin, print a report.

Run:   python3 solution.py < input.txt
Tests: python3 -m pytest tests
"""
import sys


def parse_line(line):
    """Parse one log line.

    Return (timestamp, model, status, latency_ms) for a well-formed line.
    (From level 3 on: return None for a malformed line.)
    """
    raise NotImplementedError


def percentile(sorted_values, p):
    """Nearest-rank percentile: the value at 1-based rank ceil(p * n / 100)."""
    raise NotImplementedError


def main():
    lines = sys.stdin.read().split("\n")
    # TODO: parse the lines, group the latencies per model, print the report.
    raise NotImplementedError


if __name__ == "__main__":
    main()

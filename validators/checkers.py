"""Compare a submission's output with the expected answer.

Built-in checkers are pure functions run outside the submission's container.
An author's checker program follows the Kattis convention (exit 42 accept,
43 reject) and runs in a sandbox of its own (``checker_driver``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["CheckerOptions", "compare"]


@dataclass(frozen=True)
class CheckerOptions:
    """How to compare: ``exact``, ``tokens`` or ``float`` (tokens with tolerance)."""

    kind: str = "tokens"
    case_sensitive: bool = True
    abs_tol: float = 1e-6
    rel_tol: float = 1e-6


def _exact(out: str, ans: str) -> str | None:
    if out == ans:
        return None
    for number, (a, b) in enumerate(zip(out.splitlines(), ans.splitlines(), strict=False), 1):
        if a != b:
            return f"line {number}: expected {b!r}, got {a!r}"
    return f"expected {len(ans.splitlines())} lines, got {len(out.splitlines())}"


def _float_equal(a: str, b: str, opts: CheckerOptions) -> bool:
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    return abs(x - y) <= opts.abs_tol or abs(x - y) <= opts.rel_tol * abs(y)


def _tokens(out: str, ans: str, opts: CheckerOptions) -> str | None:
    got, want = out.split(), ans.split()
    for index, (a, b) in enumerate(zip(got, want, strict=False), 1):
        same = a == b if opts.case_sensitive else a.lower() == b.lower()
        if not same and not (opts.kind == "float" and _float_equal(a, b, opts)):
            return f"token {index}: expected {b!r}, got {a!r}"
    if len(got) != len(want):
        return f"expected {len(want)} tokens, got {len(got)}"
    return None


def compare(out: str, ans: str, opts: CheckerOptions) -> str | None:
    """Return ``None`` when ``out`` is accepted, else a one-line reason."""
    if opts.kind == "exact":
        return _exact(out, ans)
    return _tokens(out, ans, opts)

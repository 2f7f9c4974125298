"""Code that runs inside the sandbox: the pytest reporter, the io driver, checkers.

Standard library and pytest only; never imports ``harness``.  Whatever runs here
ends by writing ``results.json`` (see ``results.schema.json``) and exits 0: a
failing submission is a result, not a failure of the validator.
"""

RESULTS_VERSION = 1

__all__ = ["RESULTS_VERSION", "wall_ceiling"]


def wall_ceiling(cpu_limit: float) -> float:
    """The wall-clock ceiling of a test whose limit is ``cpu_limit`` seconds of CPU:
    code that sleeps or blocks still ends (3x the limit plus a second, as judges do)."""
    return 3 * cpu_limit + 1

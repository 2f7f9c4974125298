"""Code that runs inside the sandbox: the pytest reporter, the io driver, checkers.

Standard library and pytest only; never imports ``harness``.  Whatever runs here
ends by writing ``results.json`` (see ``results.schema.json``) and exits 0: a
failing submission is a result, not a failure of the validator.
"""

RESULTS_VERSION = 1

__all__ = ["RESULTS_VERSION"]

"""harness: timed coding-assessment practice with a Docker sandbox."""

__version__ = "0.1.0"
__all__ = ["__version__"]

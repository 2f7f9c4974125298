"""harness: timed coding-assessment practice with a Docker sandbox."""

import os

# pydantic looks up third-party plugins through importlib.metadata (about 40 ms of
# every start-up that loads a problem); harness uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

__version__ = "0.1.0"
__all__ = ["__version__"]

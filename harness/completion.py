"""Shell completion of command arguments (problem ids, session ids).

Imported by the CLI modules at start-up: keep it free of heavy imports; the
catalog and the store are loaded only when the shell asks.
"""

from __future__ import annotations

import click

from harness.errors import HarnessError

__all__ = ["complete_problem", "complete_session"]


def complete_problem(_ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
    """Problem ids on the search path that start with ``incomplete``."""
    from harness.catalog import Catalog

    try:
        return [p for p in Catalog.load().problems if p.startswith(incomplete)]
    except HarnessError:
        return []


def complete_session(_ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
    """Session ids in this HARNESS_HOME, newest first."""
    from harness.store import Store

    try:
        return [s.id for s in Store().sessions() if s.id.startswith(incomplete)]
    except HarnessError:
        return []

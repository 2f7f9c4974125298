"""`harness watch`: the click side (see harness/commands/watch.py)."""

from __future__ import annotations

from pathlib import Path

import click

from harness.commands.params import global_options

__all__ = ["register"]


def register(cli: click.Group) -> None:
    """Add `harness watch` to the top-level group."""

    @cli.command()
    @click.option("--dir", "folder", type=click.Path(path_type=Path, file_okay=False),
                  help="The workspace (default: the current folder).")
    @click.pass_context
    def watch(ctx: click.Context, /, folder: Path | None) -> None:
        """Re-validate on every save in the workspace, redrawing one screen.

        Shows the verdicts per level, the time left and what unlocked after each
        change (debounced); Ctrl-C stops it (exit 0), and so does the bell.
        """
        from harness.commands.watch import watch_workspace

        ctx.exit(watch_workspace(folder=folder, backend=global_options(ctx).backend))

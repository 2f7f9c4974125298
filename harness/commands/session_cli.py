"""The candidate's commands: start, status, validate, submit, report, history, abandon."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

__all__ = ["register"]

dir_option = click.option("--dir", "folder", type=click.Path(path_type=Path, file_okay=False),
                          help="The workspace (default: the current folder).")
json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")


def _root(ctx: click.Context) -> dict[str, Any]:
    return dict(ctx.find_root().obj or {})


def register(cli: click.Group) -> None:
    """Add the session commands to the top-level group."""

    @cli.command()
    @click.argument("problem")
    @click.option("--dir", "folder", type=click.Path(path_type=Path),
                  help="Workspace folder to create (default: ./PROBLEM).")
    @click.option("--duration", type=click.IntRange(1, 480), help="Minutes (default: the problem's).")
    @json_option
    @click.pass_context
    def start(ctx: click.Context, /, problem: str, folder: Path | None, duration: int | None,
              as_json: bool) -> None:
        """Start a timed session on PROBLEM: workspace, statement, starter code, sandbox."""
        from harness.commands.session_flow import start_session

        ctx.exit(start_session(problem=problem, folder=folder, duration=duration,
                               as_json=as_json, **_root(ctx)))

    @cli.command()
    @dir_option
    @json_option
    @click.pass_context
    def status(ctx: click.Context, /, folder: Path | None, as_json: bool) -> None:
        """Problem, level, time left and the last validation of this workspace's session."""
        from harness.commands.session_flow import show_status

        ctx.exit(show_status(folder=folder, as_json=as_json))

    @cli.command()
    @dir_option
    @json_option
    @click.pass_context
    def validate(ctx: click.Context, /, folder: Path | None, as_json: bool) -> None:
        """Run the visible tests of the unlocked levels (and your own tests/) in a fresh sandbox.

        When every visible test of the current level passes, the next level unlocks.
        Exit 0 when all visible tests passed, 1 otherwise.
        """
        from harness.commands.session_flow import validate_session

        ctx.exit(validate_session(folder=folder, as_json=as_json, **_root(ctx)))

    @cli.command()
    @dir_option
    @click.option("--reveal", is_flag=True, help="Show hidden test names and messages.")
    @json_option
    @click.pass_context
    def submit(ctx: click.Context, /, folder: Path | None, reveal: bool, as_json: bool) -> None:
        """Grade visible and hidden tests of the unlocked levels, score, end the session."""
        from harness.commands.session_flow import submit_session

        ctx.exit(submit_session(folder=folder, reveal=reveal, as_json=as_json, **_root(ctx)))

    @cli.command()
    @click.argument("session", required=False)
    @click.option("--reveal", is_flag=True, help="Show hidden tests (ended sessions only).")
    @json_option
    @click.pass_context
    def report(ctx: click.Context, /, session: str | None, reveal: bool, as_json: bool) -> None:
        """Reprint the report of SESSION (default: this workspace's, else the latest)."""
        from harness.commands.session_flow import show_report

        ctx.exit(show_report(session=session, reveal=reveal, as_json=as_json))

    @cli.command()
    @json_option
    @click.pass_context
    def history(ctx: click.Context, /, as_json: bool) -> None:
        """Past sessions: problem, date, score, time used."""
        from harness.commands.session_flow import show_history

        ctx.exit(show_history(as_json=as_json))

    @cli.command()
    @dir_option
    @click.pass_context
    def abandon(ctx: click.Context, /, folder: Path | None) -> None:
        """End this workspace's session without grading, and remove its container."""
        from harness.commands.session_flow import abandon_session

        ctx.exit(abandon_session(folder=folder))


"""The candidate's commands: start, status, validate, submit, report, history, abandon."""

from __future__ import annotations

from pathlib import Path

import click

from harness.commands.params import AbsolutePath, global_options
from harness.completion import complete_problem, complete_session

__all__ = ["register"]

dir_option = click.option("--dir", "folder", type=AbsolutePath(file_okay=False),
                          help="The workspace (default: the current folder).")
json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")




def register(cli: click.Group) -> None:
    """Add the session commands to the top-level group."""

    @cli.command()
    @click.argument("problem", shell_complete=complete_problem)
    @click.option("--dir", "folder", type=AbsolutePath(),
                  help="Workspace folder to create (default: ./PROBLEM).")
    @click.option("--duration", type=click.IntRange(1, 480), help="Minutes (default: the problem's).")
    @click.option("--duration-seconds", type=click.FloatRange(1, 480 * 60), hidden=True,
                  help="Session length in seconds (for tests and demos).")
    @json_option
    @click.pass_context
    def start(ctx: click.Context, /, problem: str, folder: Path | None, duration: int | None,
              duration_seconds: float | None, as_json: bool) -> None:
        """Start a timed session on PROBLEM: workspace, statement, starter code, sandbox.

        The clock starts now.  The session's container holds the bell: at the
        deadline it freezes a copy of the workspace, and `harness submit` grades
        that copy, so edits after the bell never count.
        """
        from harness.commands.session_flow import start_session

        seconds = duration_seconds or (duration * 60 if duration else None)
        opts = global_options(ctx)
        ctx.exit(start_session(problem=problem, folder=folder, seconds=seconds,
                               as_json=as_json, backend=opts.backend,
                               problems_dirs=opts.problems_dirs))

    @cli.command()
    @dir_option
    @click.option("--watch", is_flag=True, help="A live countdown until the bell (Ctrl-C stops).")
    @click.option("--prompt", is_flag=True,
                  help="One short line for a shell prompt (`kv-store l2 0:41:10`); cheap, "
                  "prints nothing outside a workspace.")
    @json_option
    @click.pass_context
    def status(ctx: click.Context, /, folder: Path | None, watch: bool, prompt: bool,
               as_json: bool) -> None:
        """Problem, level, time left and the last validation of this workspace's session.

        \b
        For a shell prompt (bash):  PS1='$(harness status --prompt) '"$PS1"
        """
        if prompt:
            from harness.prompt import print_prompt

            ctx.exit(print_prompt(folder))
        from harness.commands.session_flow import show_status, watch_status

        ctx.exit(watch_status(folder=folder) if watch else show_status(folder=folder,
                                                                         as_json=as_json))

    @cli.command(context_settings={"ignore_unknown_options": True})
    @dir_option
    @click.option("--input", "input_file", type=AbsolutePath(dir_okay=False),
                  help="io mode: feed this file (inside the workspace) to your solution.")
    @click.argument("command", nargs=-1, type=click.UNPROCESSED)
    @click.pass_context
    def run(ctx: click.Context, /, folder: Path | None, input_file: Path | None,
            command: tuple[str, ...]) -> None:
        """Run a command inside the session container: `harness run -- python3 main.py`.

        The workspace is mounted read-only at /workspace (the working folder);
        /tmp is writable.  With --input, runs the problem's entry script on that
        input and, for a sample with a .ans beside it, shows the difference.
        """
        from harness.commands.session_flow import run_in_session

        ctx.exit(run_in_session(folder=folder, input_file=input_file, command=command))

    @cli.command()
    @dir_option
    @click.pass_context
    def shell(ctx: click.Context, /, folder: Path | None) -> None:
        """Open a shell inside the session container (needs the docker command)."""
        from harness.commands.session_flow import open_shell

        ctx.exit(open_shell(folder=folder))

    @cli.command()
    @click.argument("session", required=False, shell_complete=complete_session)
    @dir_option
    @click.pass_context
    def resume(ctx: click.Context, /, session: str | None, folder: Path | None) -> None:
        """Start a new session container (the bell) when the old one is gone.

        SESSION is an id from `harness history` (default: this workspace's session).
        """
        from harness.commands.session_flow import resume_session

        ctx.exit(resume_session(folder=folder, session=session))

    @cli.command()
    @json_option
    @click.pass_context
    def gc(ctx: click.Context, /, as_json: bool) -> None:
        """Remove strays: containers of ended sessions or dead runs, old scratch folders."""
        from harness.commands.gc import collect_garbage

        ctx.exit(collect_garbage(as_json=as_json))

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

        ctx.exit(validate_session(folder=folder, as_json=as_json,
                                  backend=global_options(ctx).backend))

    @cli.command()
    @dir_option
    @click.option("--reveal", is_flag=True, help="Show hidden test names and messages.")
    @json_option
    @click.pass_context
    def submit(ctx: click.Context, /, folder: Path | None, reveal: bool, as_json: bool) -> None:
        """Grade visible and hidden tests of the unlocked levels, score, end the session."""
        from harness.commands.session_results import submit_session

        ctx.exit(submit_session(folder=folder, reveal=reveal, as_json=as_json,
                                backend=global_options(ctx).backend))

    @cli.command()
    @click.argument("session", required=False, shell_complete=complete_session)
    @click.option("--reveal", is_flag=True, help="Show hidden tests (ended sessions only).")
    @click.option("--html", "as_html", is_flag=True, help="Print the path of the HTML report.")
    @json_option
    @click.pass_context
    def report(ctx: click.Context, /, session: str | None, reveal: bool, as_html: bool,
               as_json: bool) -> None:
        """Reprint the report of SESSION (default: this workspace's, else the latest)."""
        from harness.commands.session_results import show_report

        ctx.exit(show_report(session=session, reveal=reveal, as_html=as_html, as_json=as_json))

    @cli.command()
    @json_option
    @click.pass_context
    def history(ctx: click.Context, /, as_json: bool) -> None:
        """Past sessions: problem, date, score, time used."""
        from harness.commands.session_results import show_history

        ctx.exit(show_history(as_json=as_json))

    @cli.command()
    @click.argument("session", required=False, shell_complete=complete_session)
    @dir_option
    @click.pass_context
    def abandon(ctx: click.Context, /, session: str | None, folder: Path | None) -> None:
        """End a session without grading, and remove its container.

        SESSION is an id from `harness history` (it works when the workspace was
        deleted); default: this workspace's session.
        """
        from harness.commands.session_flow import abandon_session

        ctx.exit(abandon_session(folder=folder, session=session))


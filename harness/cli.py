"""The ``harness`` command line: click parses and dispatches; ``main`` is the one error boundary.

Command modules are imported inside each command, so ``harness --help`` loads
neither docker nor jsonschema nor rich.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import Any

import click

from harness import __version__
from harness.commands.params import AbsolutePath, GlobalOptions, global_options
from harness.completion import complete_problem as _complete_problem
from harness.errors import EXIT_HARNESS, EXIT_INTERRUPTED, EXIT_USAGE, HarnessError

__all__ = ["cli", "main"]

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}




json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="harness")
@click.option("--backend", type=click.Choice(["docker", "local"]), envvar="HARNESS_BACKEND",
              default="docker", show_default=True,
              help="Where code runs: a fresh Docker container, or `local` (NOT isolated).")
@click.option("--problems-dir", "problems_dirs", multiple=True, type=AbsolutePath(),
              help="Extra folder of problems (repeatable); also HARNESS_PROBLEMS_PATH.")
@click.pass_context
def cli(ctx: click.Context, /, backend: str, problems_dirs: tuple[Path, ...]) -> None:
    """Timed coding-assessment practice in a Docker sandbox.

    \b
    Candidates:  harness list, harness start PROBLEM, harness validate,
                 harness watch, harness submit, harness report, harness history
    Authors:     harness new ID, harness check ID, harness schema,
                 harness import exercism|kattis DIR
    Graders:     harness grade PROBLEM DIR..., harness run-suite DIR TESTS
    Clusters:    harness worker, harness grade ... --engine celery, harness batch
    Machine:     harness doctor, harness sandbox build, harness gc

    Exit codes: 0 ok, 1 tests or checks failed, 2 bad usage or input,
    3 the harness could not do its job (e.g. no Docker daemon), 130 interrupted.
    """
    ctx.obj = GlobalOptions(backend=backend, problems_dirs=problems_dirs)


@cli.command("run-suite")
@click.argument("submission", type=AbsolutePath(file_okay=False))
@click.argument("tests", type=AbsolutePath())
@click.option("--mode", type=click.Choice(["pytest", "io"]), default="pytest", show_default=True)
@click.option("--time-limit", type=float, default=2.0, show_default=True,
              help="Seconds of CPU per test (wall-clock ceiling: 3x plus 1 s).")
@click.option("--memory", type=int, default=256, show_default=True, help="MiB for the run.")
@click.option("--isolation", type=click.Choice(["process", "inprocess"]), default="process",
              show_default=True,
              help="pytest mode: the submission in a process of its own, or inside the tests' "
              "process (forgeable).")
@click.option("--checker", type=click.Choice(["exact", "tokens", "float"]), default="tokens",
              show_default=True, help="io mode: how outputs are compared with .ans files.")
@json_option
@click.pass_context
def run_suite(ctx: click.Context, /, **kwargs: Any) -> None:
    """Grade one SUBMISSION folder against a TESTS folder or file.

    The low-level entry: no problem package needed.  pytest mode runs test files
    that import the submission; io mode runs `solution.py` on every NAME.in and
    compares with NAME.ans.  Exit 0 when every test passed, 1 otherwise.
    """
    from harness.commands.run_suite import run_suite as command

    ctx.exit(command(backend=global_options(ctx).backend, **kwargs))


@cli.command()
@json_option
@click.pass_context
def doctor(ctx: click.Context, /, as_json: bool) -> None:
    """Check that Docker answers and the sandbox image is present and current.

    Also prints the image's Python, numpy and BLAS, and which image each problem
    that requires extra packages runs on."""
    from harness.commands.doctor import doctor as command

    ctx.exit(command(as_json=as_json, problems_dirs=global_options(ctx).problems_dirs))


@cli.group()
def sandbox() -> None:
    """Manage the sandbox image."""


@sandbox.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if the current image exists.")
@click.pass_context
def sandbox_build(ctx: click.Context, /, force: bool) -> None:
    """Build the sandbox image from sandbox/ (bootstraps a base where no registry is reachable)."""
    from harness.commands.doctor import build as command

    ctx.exit(command(force=force))


@cli.command("list")
@click.option("--tag", "tags", multiple=True, help="Only problems with this tag (repeatable).")
@click.option("--difficulty", type=click.Choice(["easy", "medium", "hard"]))
@json_option
@click.pass_context
def list_(ctx: click.Context, /, **kwargs: Any) -> None:
    """List the practice problems."""
    from harness.commands.problems import list_problems

    ctx.exit(list_problems(problems_dirs=global_options(ctx).problems_dirs, **kwargs))


@cli.command()
@click.argument("problem", shell_complete=_complete_problem)
@json_option
@click.pass_context
def show(ctx: click.Context, /, **kwargs: Any) -> None:
    """Show a problem: summary, levels, limits and the statement of level 1."""
    from harness.commands.problems import show_problem

    ctx.exit(show_problem(problems_dirs=global_options(ctx).problems_dirs, **kwargs))


@cli.command()
def schema() -> None:
    """Print the JSON Schema of problem.yaml (for editors and validators)."""
    from harness.commands.problems import print_schema

    click.get_current_context().exit(print_schema())


@cli.command()
@click.argument("problem_id")
@click.option("--into", type=AbsolutePath(file_okay=False), default=Path(),
              show_default=True, help="Folder to create the problem in.")
def new(problem_id: str, into: Path) -> None:
    """Scaffold a working example problem PROBLEM_ID (it passes `harness check`)."""
    from harness.commands.authoring import new_problem

    click.get_current_context().exit(new_problem(problem_id, into))


@cli.command()
@click.argument("problems", nargs=-1, shell_complete=_complete_problem)
@click.option("--all", "check_all", is_flag=True, help="Check every problem on the search path.")
@click.option("--repeat", type=click.IntRange(1, 20), default=2, show_default=True,
              help="Runs of the reference solution, to catch flaky tests.")
@click.option("--jobs", type=click.IntRange(1, 32), default=os.cpu_count() or 1,
              help="Sandbox runs in parallel (default: the cores).")
@json_option
@click.pass_context
def check(ctx: click.Context, /, **kwargs: Any) -> None:
    """Prove problem packages: schema, statements, reference passes, starter and
    known-wrong solutions fail as declared, time-limit margin, no flaky tests.

    PROBLEMS are ids or paths to problem folders.  Exit 1 when a check fails.
    """
    from harness.commands.authoring import check_problems

    opts = global_options(ctx)
    ctx.exit(check_problems(backend=opts.backend, problems_dirs=opts.problems_dirs, **kwargs))


@cli.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script: eval "$(harness completion bash)"."""
    from click.shell_completion import get_completion_class

    cls = get_completion_class(shell)
    assert cls is not None
    click.echo(cls(cli, {}, "harness", "_HARNESS_COMPLETE").source())


# Command families that live in their own modules, each with a register(cli).
EXTENSIONS = ("harness.commands.session_cli", "harness.commands.watch_cli",
              "harness.commands.import_cli", "harness.commands.grade_cli",
              "harness.commands.cluster_cli")


def _register_extensions() -> None:
    import importlib

    for name in EXTENSIONS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(cli)


_register_extensions()


def _report(error: HarnessError) -> None:
    click.echo(f"error: {error.message}", err=True)
    if error.hint:
        click.echo(f"hint: {error.hint}", err=True)


def _crash_log(exc: BaseException) -> str:
    import traceback

    from harness.paths import harness_home, write_private

    try:
        path = write_private(harness_home() / "logs" / "last-error.log",
                             "".join(traceback.format_exception(exc)))
    except OSError:
        return "(could not write the log)"
    return str(path)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; every known failure becomes a message and an exit code.  (The
    console script asks the resident agent first: see harness/entry.py.)"""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        code = cli.main(args=argv, prog_name="harness", standalone_mode=False)
    except HarnessError as error:
        _report(error)
        return error.exit_code
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except click.ClickException as error:
        error.show()
        return EXIT_USAGE
    except (KeyboardInterrupt, click.Abort):
        click.echo("interrupted", err=True)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except OSError as exc:  # the machine failed us (disk full, permissions): say which file
        where = f" ({exc.filename})" if exc.filename else ""
        click.echo(f"error: {exc.strerror or exc}{where}", err=True)
        if exc.errno == errno.ENOSPC:
            click.echo("hint: the disk is full; free space under HARNESS_HOME and retry", err=True)
        return EXIT_HARNESS
    except Exception as exc:  # noqa: BLE001 - the boundary: an unexpected bug still gets a clear line
        log = _crash_log(exc)
        click.echo(f"error: internal error ({type(exc).__name__}: {exc}); details in {log}",
                   err=True)
        return EXIT_HARNESS
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())

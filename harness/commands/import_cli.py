"""`harness import exercism|kattis`: write a harness package from another format.

The package is built in a temporary folder next to the destination, loaded,
proved with the same steps as `harness check`, and only then renamed into
place; a refusal or a failed check writes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from harness.commands.params import AbsolutePath, global_options
from harness.errors import EXIT_FAILED, EXIT_OK, HarnessError

__all__ = ["CheckFailed", "import_problem", "register"]


def source_argument(metavar: str) -> Callable[[Any], Any]:
    """The SOURCE folder argument, shown as ``metavar``."""
    return click.argument("source", metavar=metavar,
                          type=AbsolutePath(file_okay=False, exists=True))


into_option = click.option("--into", type=AbsolutePath(file_okay=False),
                           default=Path(), show_default=True,
                           help="Folder to create the problem in (as INTO/ID).")
id_option = click.option("--id", "problem_id", help="Problem id (default: the source folder's name).")
check_option = click.option("--check/--no-check", default=True, show_default=True,
                            help="Prove the package (as `harness check`) before writing it.")


class CheckFailed(HarnessError):
    """The imported package does not pass `harness check`, so it was not written."""

    exit_code = EXIT_FAILED


class ReferenceFailed(CheckFailed):
    """The check failed on the reference itself: under process isolation, perhaps the
    boundary (the importer may then try inprocess)."""

    def __init__(self, message: str, reason: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.reason = reason




def register(cli: click.Group) -> None:
    """Add the `import` group to the top-level group."""

    @cli.group("import")
    def import_group() -> None:
        """Import a problem written for another system (Exercism, Kattis).

        Writes INTO/ID only if the result passes `harness check` (unless --no-check);
        otherwise nothing is written.  See docs/importing.md for what maps to what.
        """

    @import_group.command("exercism")
    @source_argument("EXERCISE_DIR")
    @into_option
    @id_option
    @check_option
    @click.pass_context
    def exercism(ctx: click.Context, /, **kwargs: Any) -> None:
        """Import the Exercism exercise (Python track) in EXERCISE_DIR as a pytest-mode problem."""
        ctx.exit(import_problem("exercism", backend=global_options(ctx).backend, **kwargs))

    @import_group.command("kattis")
    @source_argument("PACKAGE_DIR")
    @into_option
    @id_option
    @check_option
    @click.pass_context
    def kattis(ctx: click.Context, /, **kwargs: Any) -> None:
        """Import the Kattis problem package in PACKAGE_DIR as an io-mode problem."""
        ctx.exit(import_problem("kattis", backend=global_options(ctx).backend, **kwargs))


def _builder(kind: str) -> Callable[[Path, str], Any]:
    if kind == "exercism":
        from harness.importers.exercism import build_exercism

        return build_exercism
    from harness.importers.kattis import build_kattis

    return build_kattis


def _verify(folder: Path, backend: str, check: bool) -> None:
    """Load the written package; with ``check``, prove it or raise CheckFailed."""
    from harness.authoring import check_problem
    from harness.sandbox import get_backend
    from harness.spec import load_problem

    problem = load_problem(folder)
    if not check:
        return
    report = check_problem(problem, get_backend(backend), repeat=2, jobs=os.cpu_count() or 1)
    failed = [f"  FAIL {s.name}: {s.reason}" for s in report.steps if not s.ok]
    reference = next((s for s in report.steps if s.name == "reference passes" and not s.ok), None)
    kind = ReferenceFailed if reference is not None else CheckFailed
    if failed:
        raise kind("the imported package does not pass `harness check`, so nothing was "
                          "written:\n" + "\n".join(failed),
                          hint="fix the source package, or import with --no-check and edit the result",
                          **({"reason": reference.reason} if reference is not None else {}))


def import_problem(kind: str, *, source: Path, into: Path, problem_id: str | None, check: bool,
                   backend: str) -> int:
    """Import ``source`` (an Exercism exercise or a Kattis package) as ``into/ID``."""
    from rich.markup import escape

    from harness.importers import valid_id
    from harness.importers.write import write_package
    from harness.output import console

    chosen = valid_id(problem_id, source)
    package = _builder(kind)(source, chosen)
    try:
        dest = write_package(package, into / chosen, lambda folder: _verify(folder, backend, check))
    except ReferenceFailed as exc:
        if package.spec.mode != "pytest" or package.spec.isolation != "process":
            raise
        package = _inprocess(package, exc.reason)  # issue 17: process first, then the fallback
        dest = write_package(package, into / chosen, lambda folder: _verify(folder, backend, check))
    out = console()
    out.print(f"imported {escape(package.origin)} as {escape(str(dest))}")
    for level in package.spec.levels:
        out.print(f"  level {level.id}: {escape(level.title)}")
    for note in package.notes:
        out.print(f"  note: {escape(note)}")
    if check:
        out.print(f"  check: passed ({backend} backend)")
    else:
        out.print(f"next: harness --problems-dir {escape(str(into))} check {chosen}")
    return EXIT_OK


def _inprocess(package: Any, reason: str) -> Any:
    """``package`` with ``isolation: inprocess``, and a note that says why and what it costs."""
    note = (f"the reference fails under isolation: process ({reason[:300]}); imported with "
            "isolation: inprocess, whose verdicts a submission can forge")
    return package.model_copy(update={"spec": package.spec.model_copy(update={"isolation": "inprocess"}),
                                      "notes": (*package.notes, note)})

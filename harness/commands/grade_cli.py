"""`harness grade`: many submissions against one problem, in parallel."""

from __future__ import annotations

import os
from pathlib import Path

import click

from harness.commands.params import AbsolutePath, global_options

__all__ = ["register"]


def register(cli: click.Group) -> None:
    """Add `grade` to the top-level group."""

    @cli.command()
    @click.argument("problem")
    @click.argument("submissions", nargs=-1, required=True,
                    type=AbsolutePath(file_okay=False))
    @click.option("--jobs", type=click.IntRange(1, 64), default=os.cpu_count() or 1,
                  help="Submissions graded at once (default: the cores).")
    @click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
    @click.option("--csv", "as_csv", is_flag=True, help="Print CSV, a row per submission.")
    @click.pass_context
    def grade(ctx: click.Context, /, problem: str, submissions: tuple[Path, ...], jobs: int,
              as_json: bool, as_csv: bool) -> None:
        """Grade SUBMISSIONS (folders) against PROBLEM's visible and hidden tests.

        Each submission gets a fresh container; one bad submission never stops the
        batch.  Ends with a table of scores and verdict counts (or --json / --csv).
        Exit 0 when every submission passed every test, 1 otherwise.
        """
        from harness.commands.grade import grade_many

        opts = global_options(ctx)
        ctx.exit(grade_many(problem=problem, submissions=submissions, jobs=jobs,
                            as_json=as_json, as_csv=as_csv, backend=opts.backend,
                            problems_dirs=opts.problems_dirs))

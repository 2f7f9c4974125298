"""`harness grade`: many submissions against one problem, in parallel."""

from __future__ import annotations

import os
from pathlib import Path

import click

from harness.commands.cluster_cli import broker_option, database_option
from harness.commands.params import AbsolutePath, global_options
from harness.engines import ENGINES

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
    @click.option("--engine", type=click.Choice(list(ENGINES)), default="local", show_default=True,
                  help="local: a pool on this machine; celery: the cluster's `harness worker`s.")
    @broker_option
    @database_option
    @click.option("--detach", is_flag=True,
                  help="celery: print the batch id and return (then `harness batch status`).")
    @click.pass_context
    def grade(ctx: click.Context, /, problem: str, submissions: tuple[Path, ...], jobs: int,
              as_json: bool, as_csv: bool, engine: str, broker: str | None,
              database: str | None, detach: bool) -> None:
        """Grade SUBMISSIONS (folders) against PROBLEM's visible and hidden tests.

        Each submission gets a fresh container; one bad submission never stops the
        batch.  Ends with a table of scores and verdict counts (or --json / --csv).
        Exit 0 when every submission passed every test, 1 otherwise.

        \b
        Beyond one machine (see docs/scale.md):
          harness grade PROBLEM DIR... --engine celery --broker URL --database URL
        stores the batch in PostgreSQL, queues one message per submission on RabbitMQ
        and prints the same table as the workers' results arrive.
        """
        opts = global_options(ctx)
        if engine == "celery":
            from harness.commands.cluster import grade_on_cluster
            from harness.distributed.config import cluster_from

            ctx.exit(grade_on_cluster(cluster=cluster_from(broker, database), problem=problem,
                                      submissions=submissions, detach=detach, as_json=as_json,
                                      as_csv=as_csv, backend=opts.backend,
                                      problems_dirs=opts.problems_dirs))
        if detach or broker or database:
            raise click.UsageError("--detach, --broker and --database need --engine celery")
        from harness.commands.grade import grade_many

        ctx.exit(grade_many(problem=problem, submissions=submissions, jobs=jobs,
                            as_json=as_json, as_csv=as_csv, backend=opts.backend,
                            problems_dirs=opts.problems_dirs))

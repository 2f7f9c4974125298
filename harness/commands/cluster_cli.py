"""`harness worker` and `harness batch status|results`: grading on a cluster."""

from __future__ import annotations

import click

from harness.commands.params import global_options

__all__ = ["broker_option", "database_option", "register"]

broker_option = click.option(
    "--broker", metavar="URL",
    help="RabbitMQ URL, e.g. amqp://guest:guest@127.0.0.1:5672// (default: $HARNESS_BROKER_URL).")
database_option = click.option(
    "--database", metavar="URL",
    help="PostgreSQL URL, e.g. postgresql://harness@db:5432/harness "
         "(default: $HARNESS_DATABASE_URL).")


def _complete_batch(_ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
    """Batch ids from the database named by the environment (nothing when it is unreachable)."""
    import os

    url = os.environ.get("HARNESS_DATABASE_URL", "")
    if not url:
        return []
    try:
        from harness.distributed.record import Record

        return [b for b in Record(url).recent_batches() if b.startswith(incomplete)]
    except Exception:  # noqa: BLE001 - completion must never print a traceback into a shell
        return []


def register(cli: click.Group) -> None:
    """Add `worker` and `batch` to the top-level group."""

    @cli.command()
    @broker_option
    @database_option
    @click.option("--concurrency", type=click.IntRange(1, 64), default=1, show_default=True,
                  help="Grades at once (one container each); about one per core of this host.")
    @click.option("--name", help="This worker's name, on its containers' labels "
                  "(default: the host name; keep it stable so a restart cleans up).")
    @click.pass_context
    def worker(ctx: click.Context, /, broker: str | None, database: str | None,
               concurrency: int, name: str | None) -> None:
        """Grade submissions from the cluster's queue until stopped (Ctrl-C, SIGTERM).

        \b
        Start one per Docker host, then send work with
          harness grade PROBLEM DIR... --engine celery
        The worker takes one message per slot, acknowledges it only after the result is
        in PostgreSQL, and on start removes the containers a killed run of the same
        --name left behind.  It grades only problems whose package is byte for byte the
        one the batch was created with (the same --problems-dir content).
        """
        from harness.commands.cluster import default_worker_name
        from harness.commands.cluster import worker as command
        from harness.distributed.config import cluster_from

        opts = global_options(ctx)
        ctx.exit(command(cluster=cluster_from(broker, database),
                         name=name or default_worker_name(), concurrency=concurrency,
                         backend=opts.backend, problems_dirs=opts.problems_dirs))

    @cli.group()
    def batch() -> None:
        """Follow a batch sent with `harness grade --engine celery --detach`."""

    @batch.command("status")
    @click.argument("batch_id", metavar="BATCH", shell_complete=_complete_batch)
    @database_option
    @click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
    def status(batch_id: str, database: str | None, as_json: bool) -> None:
        """How many of BATCH's submissions have their row.  Exit 0 once all of them do."""
        from harness.commands.cluster import batch_status
        from harness.distributed.config import database_from

        click.get_current_context().exit(
            batch_status(database=database_from(database),
                         batch=batch_id, as_json=as_json))

    @batch.command("results")
    @click.argument("batch_id", metavar="BATCH", shell_complete=_complete_batch)
    @database_option
    @click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
    @click.option("--csv", "as_csv", is_flag=True, help="Print CSV, a row per submission.")
    def results(batch_id: str, database: str | None, as_json: bool, as_csv: bool) -> None:
        """BATCH's rows so far, as `harness grade` prints them.  Exit 0 only when the batch
        is complete and every submission passed every test."""
        from harness.commands.cluster import batch_results
        from harness.distributed.config import database_from

        click.get_current_context().exit(
            batch_results(database=database_from(database),
                          batch=batch_id, as_json=as_json, as_csv=as_csv))



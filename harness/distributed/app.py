"""The Celery app of a cluster, made by a factory (no module-global configuration), and
the queues it uses.  The only module that imports celery or kombu.

One quorum queue carries grade messages (a submission id each); RabbitMQ counts every
delivery itself, so a message whose grader dies every time -- even by SIGKILL, which
Celery never sees -- goes to the dead-letter queue after ``DELIVERY_LIMIT`` returns.
A worker consumes the dead-letter queue too and writes those submissions' rows, so a
batch always completes.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

from celery import Celery, bootsteps
from celery.exceptions import Reject
from kombu import Consumer, Exchange, Queue
from kombu.exceptions import KombuError, OperationalError

from harness.distributed.errors import BrokerUnavailable, DatabaseUnavailable
from harness.errors import SandboxUnavailable

__all__ = ["DEAD_QUEUE", "DELIVERY_LIMIT", "QUEUE", "TASK", "declare", "make_app", "publish",
           "start_worker"]

QUEUE = "harness.grade"
DEAD_EXCHANGE = "harness.dead"
DEAD_QUEUE = "harness.grade.dead"
TASK = "harness.grade"
# Returns to the queue before RabbitMQ dead-letters a message: a grade that dies this many
# times is poison, not bad luck (a broker restart or a killed worker costs one each).
DELIVERY_LIMIT = 3
PUBLISH_RETRIES = 3

OnGrade = Callable[[object], str]
OnDead = Callable[[object, str], None]


def grade_queue() -> Queue:
    """The work queue: quorum, delivery limit, dead-letter exchange."""
    return Queue(QUEUE, Exchange(QUEUE, type="direct", durable=True), routing_key=QUEUE,
                 durable=True, queue_arguments={
                     "x-queue-type": "quorum", "x-delivery-limit": DELIVERY_LIMIT,
                     "x-dead-letter-exchange": DEAD_EXCHANGE,
                     "x-dead-letter-routing-key": DEAD_QUEUE})


def dead_queue() -> Queue:
    """Where RabbitMQ puts a message it gave up on."""
    return Queue(DEAD_QUEUE, Exchange(DEAD_EXCHANGE, type="direct", durable=True),
                 routing_key=DEAD_QUEUE, durable=True, queue_arguments={"x-queue-type": "quorum"})


def make_app(broker_url: str, on_grade: OnGrade | None = None,
             on_dead: OnDead | None = None) -> Celery:
    """A Celery app for the broker; a worker passes what to do with a grade and a dead letter."""
    app = Celery("harness", broker=broker_url, set_as_current=False)
    app.conf.update(
        task_queues=[grade_queue()], task_default_queue=QUEUE, task_create_missing_queues=False,
        task_serializer="json", accept_content=["json"], task_ignore_result=True,
        result_backend=None,
        task_acks_late=True,  # ack after the grade: a worker that dies gives the message back
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # one message per slot: nothing waits behind a long grade
        worker_detect_quorum_queues=True,  # quorum queues refuse global QoS: per-consumer prefetch
        broker_transport_options={"confirm_publish": True},  # publish returns once RabbitMQ has it
        broker_connection_retry=True, broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,  # a lost broker is waited for, with backoff
        broker_heartbeat=30,
        worker_cancel_long_running_tasks_on_connection_loss=False,  # the record guards redelivery
        worker_enable_remote_control=False, worker_send_task_events=False,
        worker_hijack_root_logger=False,
    )
    if on_grade is not None:
        _register_task(app, on_grade)
    if on_dead is not None:
        app.steps["consumer"].add(_dead_letter_step(on_dead))
    return app


def _register_task(app: Celery, on_grade: OnGrade) -> None:
    def grade(submission: object) -> None:
        try:
            print(on_grade(submission), file=sys.stderr, flush=True)
        except (DatabaseUnavailable, SandboxUnavailable) as exc:  # waited long enough: give it back
            raise Reject(exc.message, requeue=True) from exc

    app.task(name=TASK, acks_late=True, reject_on_worker_lost=True, ignore_result=True)(grade)


def _dead_letter_step(on_dead: OnDead) -> type[bootsteps.ConsumerStep]:
    def handle(body: Any, message: Any) -> None:
        args = body[0] if isinstance(body, list) and body and isinstance(body[0], list) else []
        reason = (f"could not be graded: its grading process never finished in "
                  f"{DELIVERY_LIMIT + 1} deliveries (RabbitMQ dead-lettered it: "
                  f"{message.headers.get('x-first-death-reason', 'delivery_limit')})")
        try:
            on_dead(args[0] if args else None, reason)
        except DatabaseUnavailable:
            time.sleep(1.0)  # keep it for when the database is back
            message.requeue()
            return
        message.ack()

    class DeadLetters(bootsteps.ConsumerStep):  # type: ignore[misc]
        def get_consumers(self, channel: Any) -> list[Consumer]:
            return [Consumer(channel, queues=[dead_queue()], callbacks=[handle],
                             accept=["json"], prefetch_count=1)]

    return DeadLetters


def _broker_error(app: Celery, exc: Exception) -> BrokerUnavailable:
    return BrokerUnavailable(
        f"the broker at {app.conf.broker_url} cannot be reached: {exc}",
        hint="is RabbitMQ running? (`make cluster` starts one); check --broker or HARNESS_BROKER_URL")


def declare(app: Celery) -> None:
    """Declare the exchanges, the queues and their bindings (idempotent)."""
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=PUBLISH_RETRIES)
            for queue in (grade_queue(), dead_queue()):
                queue(conn.default_channel).declare()
    except (KombuError, OSError) as exc:
        raise _broker_error(app, exc) from exc


def publish(app: Celery, submissions: Iterable[str]) -> None:
    """One message per submission id, each confirmed by the broker before the next."""
    try:
        with app.producer_or_acquire() as producer:
            for submission in submissions:
                app.send_task(TASK, args=[submission], queue=grade_queue(), producer=producer,
                              retry=True, retry_policy={"max_retries": PUBLISH_RETRIES})
    except (OperationalError, KombuError, OSError) as exc:
        raise _broker_error(app, exc) from exc


def start_worker(app: Celery, *, name: str, concurrency: int) -> int:
    """Run a threads-pool worker until it is stopped; its exit code."""
    declare(app)
    worker = app.Worker(hostname=f"{name}@harness", pool="threads", concurrency=concurrency,
                        loglevel="INFO", queues=[QUEUE], without_mingle=True,
                        without_gossip=True, optimization="fair", quiet=True)
    worker.start()
    return int(worker.exitcode or 0)

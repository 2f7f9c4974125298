"""Grading beyond one machine: Celery workers over RabbitMQ quorum queues, PostgreSQL as the record.

The queue carries submission ids only; the database holds the batch, each submission's
capped archive, its attempt number and its one result.  Nothing here is exactly-once by
itself: a grade claims its row with a new attempt number and writes its result only if
that attempt still owns the row, and results are unique per submission.

Only ``app.py`` imports celery or kombu; only ``record.py`` imports psycopg.
"""

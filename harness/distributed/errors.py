"""The cluster's failures: a broker or a database that cannot be reached (exit 3)."""

from __future__ import annotations

from harness.errors import HarnessError

__all__ = ["BrokerUnavailable", "DatabaseUnavailable"]


class BrokerUnavailable(HarnessError):
    """RabbitMQ does not answer (or refused a message)."""


class DatabaseUnavailable(HarnessError):
    """PostgreSQL does not answer, or a statement failed for a reason of the server's."""

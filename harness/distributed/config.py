"""Where the broker and the database are: flags first, then HARNESS_BROKER_URL / HARNESS_DATABASE_URL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from harness.errors import UsageError

__all__ = ["BROKER_ENV", "DATABASE_ENV", "Cluster", "cluster_from", "database_from"]

BROKER_ENV = "HARNESS_BROKER_URL"
DATABASE_ENV = "HARNESS_DATABASE_URL"
_SCHEMES = {BROKER_ENV: ("amqp", "amqps"), DATABASE_ENV: ("postgresql", "postgres")}
_EXAMPLES = {BROKER_ENV: "amqp://guest:guest@127.0.0.1:5672//",
             DATABASE_ENV: "postgresql://postgres@127.0.0.1:5432/postgres"}


@dataclass(frozen=True)
class Cluster:
    """The two services every client and worker of one cluster share."""

    broker_url: str
    database_url: str


def _url(flag: str | None, env: str, option: str) -> str:
    url = flag or os.environ.get(env, "")
    if not url:
        raise UsageError(f"no {option.lstrip('-')} given",
                         hint=f"pass {option} URL or set {env}, e.g. {_EXAMPLES[env]}")
    if urlsplit(url).scheme not in _SCHEMES[env]:
        raise UsageError(f"{option} {url!r} is not a {' or '.join(_SCHEMES[env])}:// URL",
                         hint=f"e.g. {_EXAMPLES[env]}")
    return url


def cluster_from(broker: str | None, database: str | None) -> Cluster:
    """The cluster named by the flags, or else by the environment; checked here, once."""
    return Cluster(_url(broker, BROKER_ENV, "--broker"), _url(database, DATABASE_ENV, "--database"))


def database_from(database: str | None) -> str:
    """The database URL alone (reading a batch needs no broker)."""
    return _url(database, DATABASE_ENV, "--database")

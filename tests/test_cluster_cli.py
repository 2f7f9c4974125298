"""The cluster's command line without a cluster: options, completion, bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any


def _complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "harness.cli"], capture_output=True, text=True, check=False,
        env=dict(os.environ, **(env or {}), COMP_WORDS=words,
                 COMP_CWORD=str(len(words.split(" ")) - 1), _HARNESS_COMPLETE="bash_complete"))
    return [line.split(",", 1)[1] for line in done.stdout.splitlines() if "," in line]


def test_completion_offers_the_engines_and_the_new_commands() -> None:
    assert _complete("harness grade demo x --engine ") == ["local", "celery"]
    assert {"worker", "batch"} <= set(_complete("harness "))
    assert _complete("harness batch ") == ["results", "status"]
    # batch ids come from the database; none reachable means no suggestions, no traceback
    assert _complete("harness batch status ",
                     {"HARNESS_DATABASE_URL": "postgresql://postgres@127.0.0.1:1/x"}) == []


def test_bad_urls_and_options_are_usage_errors(cli: Any, monkeypatch: Any) -> None:
    monkeypatch.delenv("HARNESS_BROKER_URL", raising=False)
    monkeypatch.delenv("HARNESS_DATABASE_URL", raising=False)
    wrong = cli("grade", "demo", ".", "--engine", "celery", "--broker", "http://x",
                "--database", "postgresql://h/db")
    assert wrong.code == 2 and "is not a amqp or amqps:// URL" in wrong.err and "hint:" in wrong.err
    missing = cli("batch", "status", "abc")
    assert missing.code == 2 and "no database given" in missing.err
    assert "HARNESS_DATABASE_URL" in missing.err
    local = cli("grade", "demo", ".", "--detach")
    assert local.code == 2 and "need --engine celery" in local.err

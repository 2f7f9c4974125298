"""Build and write the results document (``results.json``, version 1)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from validators import RESULTS_VERSION

__all__ = ["MESSAGE_CHARS", "OUTPUT_CHARS", "ResultsWriter", "truncate"]

# The most a test's message and captured output may hold (results.schema.json's
# maxLength says the same; the host refuses a document with more).  A failure's
# message carries the failing line, both sides of the comparison in full and the
# call that produced them (pytest's verbosity_assertions = 2).
MESSAGE_CHARS = 8000
OUTPUT_CHARS = 8000


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters, saying how much was cut."""
    if len(text) <= limit:
        return text
    marker = f"\n[... {len(text) - limit} more characters cut]"
    return text[: max(0, limit - len(marker))] + marker[: limit]


@dataclass
class ResultsWriter:
    """Accumulates per-test results and rewrites the file after each one.

    Rewriting after every test means a run that is killed part-way (timeout,
    OOM, ``os._exit``) still leaves a trustworthy record of the tests that
    finished, and names the test that was running.
    """

    path: str
    nonce: str
    mode: str
    tests: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    collected: list[str] = field(default_factory=list)
    current: str | None = None

    def start(self, test_id: str) -> None:
        self.current = test_id
        self.flush(status="running")

    def add(self, entry: dict[str, Any]) -> None:
        entry = {**entry, "message": truncate(entry["message"], MESSAGE_CHARS),
                 "output": truncate(entry["output"], OUTPUT_CHARS)}
        self.tests.append(entry)
        self.current = None
        self.flush(status="running")

    def error(self, where: str, message: str) -> None:
        self.errors.append({"where": truncate(where, 1000),
                            "message": truncate(message, MESSAGE_CHARS)})

    def flush(self, status: str) -> None:
        doc = {
            "version": RESULTS_VERSION,
            "nonce": self.nonce,
            "mode": self.mode,
            "status": status,
            "current": self.current,
            "collected": self.collected,
            "tests": self.tests,
            "errors": self.errors,
        }
        try:
            self._write(doc)
        except OSError:
            # The submission may have filled the results folder: it has no business
            # there, so clear out what is not ours and try once more.
            self._purge()
            self._write(doc)

    def _write(self, doc: dict[str, Any]) -> None:
        tmp = self.path + ".tmp"
        if os.path.lexists(tmp):
            os.unlink(tmp)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=True)
        os.replace(tmp, self.path)

    def _purge(self) -> None:
        folder = os.path.dirname(self.path)
        for root, dirs, files in os.walk(folder, topdown=False):
            for name in files:
                os.unlink(os.path.join(root, name))
            for name in dirs:
                path = os.path.join(root, name)
                if os.path.islink(path):
                    os.unlink(path)
                else:
                    os.rmdir(path)

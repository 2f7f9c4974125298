"""The agent's messages: typed, versioned, validated once where they are received.

One request, one reply, each a JSON object on one line.  The agent serves
`validate` and nothing else, takes only the environment that changes how output
looks, and never works for another HARNESS_HOME, daemon or backend than its own:
a request that differs is refused, and the CLI then does the work itself.
"""

from __future__ import annotations

import json
import socket
import time
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["ALLOWED_ENV", "CONTEXT_ENV", "MAX_LINE", "READ_TIMEOUT", "VERSION", "BadRequest",
           "Reply", "Request", "encode", "parse_reply", "parse_request", "read_line", "servable"]

VERSION = 1
MAX_LINE = 64 << 10  # bytes of one request
READ_TIMEOUT = 5.0  # seconds a client has to send its whole request
MAX_VALUE = 4096  # characters of one argument, path or environment value
# What the agent takes from the client's environment: how output looks, nothing else.
ALLOWED_ENV = ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM")
# What decides where the work happens: it must be the agent's own, or the request is refused.
CONTEXT_ENV = ("HARNESS_PROBLEMS_PATH", "HARNESS_BACKEND", "DOCKER_HOST")


class BadRequest(ValueError):
    """A request the agent will not serve; its text is sent back as the reason."""


@dataclass(frozen=True)
class Request:
    """A `validate` to run: its arguments, where, for which home, in which terminal."""

    version: int
    argv: tuple[str, ...]
    cwd: str
    home: str
    stamp: float
    tty: bool
    env: tuple[tuple[str, str], ...]  # ALLOWED_ENV only
    context: tuple[tuple[str, str], ...]  # CONTEXT_ENV, compared with the agent's


@dataclass(frozen=True)
class Reply:
    """What the command printed and its exit code, or why the agent did not run it."""

    version: int = VERSION
    code: int = 0
    stdout: str = ""
    stderr: str = ""
    refused: str = ""  # non-empty: not run here (the CLI runs it itself)
    stale: bool = False  # the agent runs older code than the client: it stops


def servable(argv: list[str] | tuple[str, ...]) -> bool:
    """`validate` with only its own options (--dir PATH, --json)."""
    if not argv or argv[0] != "validate":
        return False
    rest = list(argv[1:])
    while rest:
        word = rest.pop(0)
        if word == "--dir" and rest:
            rest.pop(0)
        elif word != "--json" and not word.startswith("--dir="):
            return False
    return True


def encode(message: Request | Reply) -> bytes:
    return json.dumps(asdict(message)).encode("utf-8") + b"\n"


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or len(value) > MAX_VALUE or "\0" in value:
        raise BadRequest(f"{what} must be a string of at most {MAX_VALUE} characters")
    return value


def _pairs(value: Any, allowed: tuple[str, ...], what: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list) or len(value) > len(allowed):
        raise BadRequest(f"{what} must be a list of [name, value] pairs")
    pairs = []
    for pair in value:
        if not (isinstance(pair, list) and len(pair) == 2 and pair[0] in allowed):
            raise BadRequest(f"{what}: only {', '.join(allowed)} may be given")
        pairs.append((str(pair[0]), _text(pair[1], f"{what} {pair[0]}")))
    return tuple(sorted(pairs))


def _checked(data: dict[str, Any]) -> Request:
    argv = data["argv"]
    if not isinstance(argv, list) or len(argv) > 8:
        raise BadRequest("argv must be a short list of strings")
    words = tuple(_text(word, "an argument") for word in argv)
    if not servable(words):
        raise BadRequest("the agent serves `validate` (with --dir and --json) only")
    stamp, tty = data["stamp"], data["tty"]
    if not isinstance(stamp, float | int) or isinstance(stamp, bool) or not isinstance(tty, bool):
        raise BadRequest("stamp must be a number and tty a boolean")
    return Request(VERSION, words, _text(data["cwd"], "cwd"), _text(data["home"], "home"),
                   float(stamp), tty, _pairs(data["env"], ALLOWED_ENV, "env"),
                   _pairs(data["context"], CONTEXT_ENV, "context"))


def parse_request(line: bytes) -> Request:
    """The request in ``line``, checked field by field; BadRequest says what is wrong."""
    try:
        data = json.loads(line)
    except (ValueError, RecursionError) as exc:
        raise BadRequest("the request is not JSON") from exc
    if not isinstance(data, dict):
        raise BadRequest("the request must be a JSON object")
    if data.get("version") != VERSION:
        raise BadRequest(f"unsupported request version {str(data.get('version'))[:20]!r} "
                         f"(this agent speaks {VERSION})")
    if set(data) != {f for f in Request.__dataclass_fields__}:
        raise BadRequest("the request's fields are not those of version 1")
    return _checked(data)


def parse_reply(line: bytes) -> Reply | None:
    """The agent's reply, or None when it is not one this client understands."""
    try:
        data = json.loads(line)
        reply = Reply(**data) if isinstance(data, dict) else None
    except (ValueError, TypeError, RecursionError):
        return None
    if reply is None or reply.version != VERSION or not isinstance(reply.code, int):
        return None
    texts = (reply.stdout, reply.stderr, reply.refused)
    return reply if all(isinstance(t, str) for t in texts) and isinstance(reply.stale, bool) \
        else None


def read_line(conn: socket.socket, limit: int = MAX_LINE, timeout: float = READ_TIMEOUT) -> bytes:
    """One line from ``conn`` within ``timeout`` seconds in all (a client that sends a
    byte now and then cannot hold it longer); BadRequest past ``limit`` bytes, OSError
    (TimeoutError included) when the client is silent or goes away."""
    deadline = time.monotonic() + timeout
    data = bytearray()
    while b"\n" not in data:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the client sent no whole request in time")
        conn.settimeout(left)
        chunk = conn.recv(min(65536, limit + 1 - len(data)))
        if not chunk:
            raise ConnectionAbortedError("the client went away")
        data += chunk
        if len(data) > limit and b"\n" not in data[:limit]:
            raise BadRequest(f"the request is longer than {limit} bytes")
    return bytes(data[: data.index(b"\n")])

"""The agent's messages: typed, versioned, validated once where they are received.

One request, one reply, each a JSON object on one line.  The request carries the
client's stdin, stdout and stderr as file descriptors (SCM_RIGHTS), so the run
writes straight to the candidate's terminal; the reply carries only the exit code
and who served it.  The agent serves `validate` and nothing else, takes only the
environment that changes how output looks, and never works for another
HARNESS_HOME, daemon or backend than its own: a request that differs is refused,
and the CLI then does the work itself.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

__all__ = ["ALLOWED_ENV", "CONTEXT_ENV", "FDS", "GRACE", "MAX_LINE", "READ_TIMEOUT", "VERSION",
           "BadRequest", "Reply", "Request", "code_stamp", "encode", "parse_reply",
           "parse_request", "servable", "socket_path"]

# 2: the client's stdin, stdout and stderr travel with the request; the reply has no output.
VERSION = 2
MAX_LINE = 64 << 10  # bytes of one request
READ_TIMEOUT = 5.0  # seconds a client has to send its whole request
MAX_VALUE = 4096  # characters of one argument, path or environment value
FDS = 3  # file descriptors a request carries: the client's stdin, stdout, stderr
GRACE = 5.0  # seconds a run has to end after its client went away, before SIGKILL
# What the agent takes from the client's environment: how output looks, nothing else.
ALLOWED_ENV = ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM")
# What decides where the work happens: it must be the agent's own, or the request is refused.
CONTEXT_ENV = ("HARNESS_PROBLEMS_PATH", "HARNESS_BACKEND", "DOCKER_HOST")
HERE = Path(__file__).resolve().parent


def socket_path() -> Path:
    """Where this HARNESS_HOME's agent listens (0600, in a 0700 folder)."""
    from harness.paths import harness_home

    return harness_home() / "agent" / "agent.sock"


def code_stamp() -> float:
    """The newest mtime of the harness sources: an agent from older code must not answer."""
    return max(p.stat().st_mtime for p in HERE.rglob("*.py"))


class BadRequest(ValueError):
    """A request the agent will not serve; its text is sent back as the reason."""


@dataclass(frozen=True)
class Request:
    """A `validate` to run: its arguments, where, for which home, with which code."""

    version: int
    argv: tuple[str, ...]
    cwd: str
    home: str
    stamp: float
    env: tuple[tuple[str, str], ...]  # ALLOWED_ENV only
    context: tuple[tuple[str, str], ...]  # CONTEXT_ENV, compared with the agent's


@dataclass(frozen=True)
class Reply:
    """The run's exit code and the agent that served it, or why the agent did not run it."""

    version: int = VERSION
    code: int = 0
    served_by: int = 0  # the agent's pid
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
    stamp = data["stamp"]
    if not isinstance(stamp, float | int) or isinstance(stamp, bool):
        raise BadRequest("stamp must be a number")
    return Request(VERSION, words, _text(data["cwd"], "cwd"), _text(data["home"], "home"),
                   float(stamp), _pairs(data["env"], ALLOWED_ENV, "env"),
                   _pairs(data["context"], CONTEXT_ENV, "context"))


def parse_request(line: bytes, fds: int) -> Request:
    """The request in ``line`` (which came with ``fds`` file descriptors), checked
    field by field; BadRequest says what is wrong."""
    try:
        data = json.loads(line)
    except (ValueError, RecursionError) as exc:
        raise BadRequest("the request is not JSON") from exc
    if not isinstance(data, dict):
        raise BadRequest("the request must be a JSON object")
    if data.get("version") != VERSION:
        raise BadRequest(f"unsupported request version {str(data.get('version'))[:20]!r} "
                         f"(this agent speaks {VERSION})")
    if set(data) != set(Request.__dataclass_fields__):
        raise BadRequest(f"the request's fields are not those of version {VERSION}")
    if fds != FDS:
        raise BadRequest(f"the request must carry {FDS} file descriptors (stdin, stdout, "
                         f"stderr), not {fds}")
    return _checked(data)


def parse_reply(line: bytes) -> Reply | None:
    """The agent's reply, or None when it is not one this client understands."""
    try:
        data = json.loads(line)
        reply = Reply(**data) if isinstance(data, dict) else None
    except (ValueError, TypeError, RecursionError):
        return None
    if reply is None or reply.version != VERSION:
        return None
    numbers = (reply.code, reply.served_by)
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
        return None
    return reply if isinstance(reply.refused, str) and isinstance(reply.stale, bool) else None

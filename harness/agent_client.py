"""The CLI's side of the agent: hand a `validate` over, or say it must run here.

Loaded by the console script before harness.cli (and never by it), so a
validation the agent serves costs this process only the standard library.  The
request carries this process's stdin, stdout and stderr: the agent's child writes
straight to them, so colours, terminal width and progress are those of a run here.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

from harness.agent_protocol import (
    ALLOWED_ENV,
    CONTEXT_ENV,
    GRACE,
    MAX_LINE,
    VERSION,
    Reply,
    Request,
    code_stamp,
    encode,
    parse_reply,
    servable,
    socket_path,
)

__all__ = ["ask", "spawn"]

EXIT_INTERRUPTED = 130  # as harness.errors, without importing it on this path
CONNECT_TIMEOUT = 2.0  # seconds to reach the agent and hand the request over


def _wanted(argv: list[str]) -> bool:
    return servable(argv) and os.environ.get("HARNESS_NO_AGENT") != "1"


def _request(argv: list[str]) -> Request | None:
    from harness.paths import harness_home

    env = tuple(sorted((k, os.environ[k]) for k in ALLOWED_ENV if k in os.environ))
    context = tuple(sorted((k, os.environ[k]) for k in CONTEXT_ENV if k in os.environ))
    try:
        cwd = str(Path.cwd())
    except FileNotFoundError:
        return None  # let the CLI itself say the folder is gone
    return Request(VERSION, tuple(argv), cwd, str(harness_home()), code_stamp(), env, context)


def _hand_over(conn: socket.socket, request: Request) -> None:
    data = encode(request)
    sent = socket.send_fds(conn, [data], [0, 1, 2])
    conn.sendall(data[sent:])


def _wait_for_reply(conn: socket.socket) -> Reply | None:
    """The reply; on Ctrl-C, say we are gone (the agent interrupts the run, which
    cleans up as a run here would) and wait a grace period for its exit code."""
    reader = conn.makefile("rb")
    try:
        return parse_reply(reader.readline(MAX_LINE))
    except KeyboardInterrupt:
        conn.shutdown(socket.SHUT_WR)
        conn.settimeout(GRACE + 5)
        try:
            reply = parse_reply(reader.readline(MAX_LINE))
        except (OSError, KeyboardInterrupt):
            reply = None
        return reply or Reply(code=EXIT_INTERRUPTED)


def ask(argv: list[str]) -> int | None:
    """Have the agent run ``argv``; its exit code, or None to run it here instead."""
    path = socket_path()
    request = _request(argv) if _wanted(argv) and path.exists() else None
    if request is None:
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(CONNECT_TIMEOUT)
            conn.connect(str(path))
            _hand_over(conn, request)
            conn.settimeout(None)  # a long run is fine once it is handed over
            reply = _wait_for_reply(conn)
    except OSError:
        return None
    if reply is None or reply.stale or reply.refused:
        return None
    if os.environ.get("HARNESS_AGENT_VERBOSE") == "1":
        sys.stderr.write(f"harness: served by the agent (pid {reply.served_by})\n")
    return reply.code


def spawn(argv: list[str]) -> None:
    """Start an agent in the background after a command it would have served."""
    if not _wanted(argv) or socket_path().exists():
        return
    from harness.detached import detached

    detached([sys.executable, "-m", "harness.agent"])

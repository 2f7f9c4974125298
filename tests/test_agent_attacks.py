"""Crafted requests on the agent's real socket (issue 11, item 7; issue 12).

The agent serves `validate` only, for its own home only, takes only the environment
that changes how output looks, drops a silent or broken client after a few seconds
without holding up anyone else, refuses what is not a version-2 request (with the
client's three streams attached, no more), and keeps no descriptor of a request it
served or refused.  The sessions here use the local backend: what is under test is
the agent, not the sandbox.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from harness.agent_protocol import MAX_LINE, READ_TIMEOUT, VERSION, Request, code_stamp

HARNESS = [sys.executable, "-m", "harness.entry"]


class Agent:
    """A real agent process of one home, and a way to talk to it byte by byte."""

    def __init__(self, env: dict[str, str], home: Path, ws: Path, scratch: Path) -> None:
        self.env, self.home, self.ws, self.scratch = env, home, ws, scratch
        self.sock = home / "agent" / "agent.sock"
        self.proc = subprocess.Popen([sys.executable, "-m", "harness.agent"], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while not self.sock.exists():
            assert self.proc.poll() is None, self.proc.stderr
            assert time.monotonic() < deadline, "the agent did not start"
            time.sleep(0.1)

    def request(self, **changes: Any) -> dict[str, Any]:
        from harness.agent_protocol import CONTEXT_ENV

        context = tuple(sorted((k, self.env[k]) for k in CONTEXT_ENV if k in self.env))
        base = Request(VERSION, ("validate",), str(self.ws), str(self.home), code_stamp(),
                       (("NO_COLOR", "1"),), context)
        return asdict(base) | changes

    def connect(self) -> socket.socket:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.settimeout(120)
        conn.connect(str(self.sock))
        return conn

    def exchange(self, raw: bytes, fds: list[int] | None = None) -> dict[str, Any] | None:
        """Send ``raw`` (with ``fds`` attached); the reply, or None when the agent
        dropped the connection."""
        with self.connect() as conn:
            sender = threading.Thread(target=_send_quietly, args=(conn, raw, fds or []),
                                      daemon=True)
            sender.start()
            try:
                line = conn.makefile("rb").readline()
            except OSError:
                return None
            sender.join(30)
        return json.loads(line) if line else None

    def ask(self, **changes: Any) -> dict[str, Any]:
        """A request with files for its streams; the reply, and what the run wrote."""
        raw = json.dumps(self.request(**changes)).encode() + b"\n"
        out, err = self.scratch / "stdout", self.scratch / "stderr"
        with open(os.devnull, "rb") as stdin, out.open("wb") as stdout, err.open("wb") as stderr:
            reply = self.exchange(raw, [stdin.fileno(), stdout.fileno(), stderr.fileno()])
        assert reply is not None
        return reply | {"stdout": out.read_text(), "stderr": err.read_text()}

    def ask_raw(self, raw: bytes) -> dict[str, Any]:
        reply = self.exchange(raw)
        assert reply is not None, f"no reply to {raw[:40]!r}"
        return reply

    def alive(self) -> bool:
        return self.proc.poll() is None

    def fds(self) -> list[str]:
        """What the agent's open descriptors point to."""
        folder = Path(f"/proc/{self.proc.pid}/fd")
        found = []
        for fd in folder.iterdir():
            try:
                found.append(os.readlink(fd))
            except OSError:
                continue  # closed while we looked
        return sorted(found)

    def settled_fds(self) -> list[str]:
        """The agent's descriptors once they stop changing (it closes a connection's
        just after sending its reply, which the client may read first)."""
        before = self.fds()
        while True:
            time.sleep(0.5)
            now = self.fds()
            if now == before:
                return now
            before = now

    def settles_at(self, expected: list[str]) -> None:
        """The agent's descriptors come back to ``expected`` (polled: it closes a
        connection's just after its reply)."""
        deadline = time.monotonic() + 15
        while self.fds() != expected:
            now = self.fds()
            assert time.monotonic() < deadline, (sorted(set(now) - set(expected)),
                                                 sorted(set(expected) - set(now)))
            time.sleep(0.2)


def _send_quietly(conn: socket.socket, raw: bytes, fds: list[int]) -> None:
    try:
        sent = socket.send_fds(conn, [raw[:MAX_LINE]], fds) if fds else 0
        conn.sendall(raw[sent:])
    except OSError:
        pass  # the agent refused and closed while we were still sending


@pytest.fixture
def agent(tmp_path: Path, harness_home: Path) -> Iterator[Agent]:
    problems = tmp_path / "problems"
    env = dict(os.environ, HARNESS_PROBLEMS_PATH=str(problems), NO_COLOR="1")
    env.pop("HARNESS_NO_AGENT")
    subprocess.run([*HARNESS, "new", "demo", "--into", str(problems)], env=env, check=True,
                   capture_output=True)
    ws = tmp_path / "ws"
    subprocess.run([*HARNESS, "--backend", "local", "start", "demo", "--dir", str(ws)], env=env,
                   check=True, capture_output=True)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    running = Agent(env, harness_home, ws, scratch)
    yield running
    running.proc.send_signal(signal.SIGTERM)
    running.proc.wait(30)


def validated(reply: dict[str, Any]) -> bool:
    """A validation the agent really ran in its home: the starter fails its tests."""
    return reply.get("code") == 1 and "NotImplementedError" in reply.get("stdout", "") \
        and reply.get("served_by", 0) > 0


def test_only_validate_is_served(agent: Agent, tmp_path: Path) -> None:
    for argv in (["new", "evil", "--into", str(tmp_path)], ["--backend", "local", "validate"],
                 ["validate", "--problems-dir", str(tmp_path)], ["submit"], ["gc"]):
        reply = agent.ask(argv=argv)
        assert "validate" in reply["refused"] and reply["stdout"] == "", (argv, reply)
    assert not (tmp_path / "evil").exists()
    assert validated(agent.ask(argv=["validate", "--dir", str(agent.ws)]))


def test_environment_is_allow_listed_and_the_home_is_its_own(agent: Agent,
                                                              tmp_path: Path) -> None:
    other = tmp_path / "other-home"
    assert "only" in agent.ask(env=[["HARNESS_HOME", str(other)]])["refused"]
    assert "only" in agent.ask(env=[["PYTHONPATH", str(tmp_path)]])["refused"]
    assert "another HARNESS_HOME" in agent.ask(home=str(other))["refused"]
    assert "other" in agent.ask(context=[["DOCKER_HOST", "unix:///nowhere.sock"]])["refused"]
    assert not other.exists()
    assert validated(agent.ask())  # the next real validation uses the agent's own home
    through_cli = subprocess.run([*HARNESS, "validate"], cwd=agent.ws, env=agent.env,
                                 capture_output=True, text=True, timeout=300, check=False)
    assert through_cli.returncode == 1 and "NotImplementedError" in through_cli.stdout


def test_unknown_version_is_refused(agent: Agent) -> None:
    assert "unsupported request version" in agent.ask(version=1)["refused"]
    assert "unsupported request version" in agent.ask(version=3)["refused"]
    assert "unsupported request version" in agent.ask(version="2")["refused"]
    extra = agent.request() | {"shell": "rm -rf /"}
    reply = agent.exchange(json.dumps(extra).encode() + b"\n")
    assert reply is not None and "fields" in reply["refused"]


def test_broken_clients_never_stop_or_hold_up_the_agent(agent: Agent, figure: Any) -> None:
    silent = agent.connect()  # connects and says nothing
    started = time.monotonic()
    assert validated(agent.ask())  # served while the silent client holds its connection
    served_in = time.monotonic() - started
    silent.settimeout(READ_TIMEOUT + 30)
    assert silent.recv(1) == b""  # dropped by the agent
    dropped_after = time.monotonic() - started
    silent.close()
    figure(f"agent: a validation beside a silent client took {served_in:.2f} s; the silent "
           f"client was dropped after {dropped_after:.1f} s (read timeout {READ_TIMEOUT:g} s)")
    assert dropped_after < READ_TIMEOUT + 20

    for _ in range(3):  # connects and closes at once
        agent.connect().close()
    for garbage in (os.urandom(10 << 20), b"\xff" * (10 << 20)):  # 10 MB, with or without newlines
        reply = agent.exchange(garbage)
        assert reply is None or reply["refused"] in ("the request is not JSON",
                                                     f"the request is longer than {MAX_LINE} bytes")
    assert "not JSON" in agent.ask_raw(b"{not json\n")["refused"]
    assert "not JSON" in agent.ask_raw(b"[" * 60000 + b"\n")["refused"]  # too deep to parse
    assert "longer than" in agent.ask_raw(b'{"a": "' + b"x" * (1 << 20) + b'"}\n')["refused"]
    assert "JSON object" in agent.ask_raw(b"[1, 2]\n")["refused"]

    assert agent.alive()
    assert validated(agent.ask())


def test_socket_and_pid_file_are_private(agent: Agent) -> None:
    folder = agent.sock.parent
    assert folder.stat().st_mode & 0o777 == 0o700
    assert agent.sock.stat().st_mode & 0o777 == 0o600
    assert (folder / "agent.pid").stat().st_mode & 0o777 == 0o600


def test_a_request_carries_its_three_streams_and_no_more(agent: Agent) -> None:
    assert validated(agent.ask())
    served = agent.settled_fds()
    raw = json.dumps(agent.request()).encode() + b"\n"
    bare = agent.exchange(raw)  # no streams: nowhere to write
    assert bare is not None and "3 file descriptors" in bare["refused"], bare
    with open(os.devnull, "rb") as null:
        two = agent.exchange(raw, [null.fileno()] * 2)
        many = agent.exchange(raw, [null.fileno()] * 9)
    assert two is not None and "3 file descriptors" in two["refused"], two
    assert many is not None and "no more" in many["refused"], many
    agent.settles_at(served)  # none of them kept in the agent
    assert validated(agent.ask())
    agent.settles_at(served)

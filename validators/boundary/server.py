"""The submission's side: its process's main loop, its handle table, its output.

Everything here runs in the submission's process, so nothing here is trusted by
the tests side: this code only has to be correct for an honest submission.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import queue
import socket
import sys
import threading
import weakref
from typing import Any

from validators.boundary.codec import Decoder, Encoder, ProtocolError
from validators.boundary.faults import (
    describe_class,
    describe_exception,
    described,
    rebuild_exception,
    stand_in,
)
from validators.boundary.ops import OPS, plain_method
from validators.boundary.remote import Proxy
from validators.boundary.table import Table
from validators.boundary.wire import MAIN_CHANNEL, RAISE, REPLY, Blocking, Channel

__all__ = ["REFUSED", "Capture", "serve"]

# The chain a refusal carries: the tests side kills a process that sends one.
REFUSED = [("validators.boundary", "Refused")]


class Capture:
    """fd 1 and 2 of this process, redirected into one memory file (pytest's own
    capture works the same way); ``take`` returns what was written and empties it."""

    def __init__(self) -> None:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
                stream.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # keeps the order written
        self.fd = os.memfd_create("submission-output")
        os.dup2(self.fd, 1)
        os.dup2(self.fd, 2)

    def take(self, cap: int) -> tuple[bytes, int]:
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            try:
                stream.flush()  # type: ignore[union-attr]
            except Exception:  # noqa: BLE001,S110 - the submission may have replaced or closed them
                pass
        total = os.fstat(self.fd).st_size
        data = os.pread(self.fd, min(total, cap + 1), 0) if total else b""
        os.ftruncate(self.fd, 0)
        os.lseek(self.fd, 0, os.SEEK_SET)
        return data, total


class ServerSide:
    """Answers the tests' requests on the submission's objects; its proxies stand
    for objects the tests passed in and call back over the thread's channel."""

    def __init__(self, capture: Capture, folder: str = "") -> None:
        self.folder = folder  # the submission's folder, first on sys.path
        self.table = Table()
        self.capture = capture
        self.local = threading.local()
        self.proxies: weakref.WeakValueDictionary[int, Proxy] = weakref.WeakValueDictionary()

    def encoder(self) -> Encoder:
        return Encoder(self._ref, self.table.export, describe_class)

    def decoder(self) -> Decoder:
        return Decoder(self._proxy, self.table.get, stand_in)

    def _ref(self, obj: object) -> int | None:
        return int(obj._bd_id) if type(obj) is Proxy else None

    def _proxy(self, ident: int, token: int) -> Proxy:
        proxy = self.proxies.get(ident)
        if proxy is None:
            proxy = self.proxies[ident] = Proxy(self, 0, ident, token)
        return proxy

    def handle(self, request: object) -> tuple[int, object]:
        try:
            return REPLY, self._run(request)
        except BaseException as exc:  # noqa: BLE001 - whatever the submission raised is the answer
            return RAISE, describe_exception(exc, with_traceback=True)

    def refusal(self, text: str) -> object:
        return ("Exception", REFUSED, (f"the submission's answer cannot cross: {text}",), "")

    def rebuild(self, value: object) -> BaseException:
        base, chain, args, text = described(value)
        return rebuild_exception(base, chain, args, text)

    def _run(self, request: object) -> object:
        if type(request) is not tuple or len(request) < 2 or type(request[0]) is not str:
            raise ProtocolError("a malformed request")
        op, target, *args = request
        if op == "getattr":
            value = getattr(target, args[0])
            return (True, None) if plain_method(target, args[0], value) else (False, value)
        if op in _SPECIAL:
            return _SPECIAL[op](self, *args) if target is None else _SPECIAL[op](self, target, *args)
        return OPS[op](target, *args)

    # --- the tests side's proxies call back over the channel of the thread serving them
    def call(self, proxy: Proxy, op: str, *args: object) -> Any:
        channel = getattr(self.local, "channel", None)
        if channel is None:
            raise RuntimeError("an object of the tests can only be used by the thread serving the request")
        return channel.request((op, proxy, *args))

    def attribute(self, proxy: Proxy, name: str) -> Any:
        return self.call(proxy, "getattr", name)[1]

    def known_method(self, proxy: Proxy, name: str) -> bool:
        return False

    def released(self, proxy: Proxy) -> None:
        return None

    def equal(self, a: Proxy, b: Proxy) -> bool:
        return a is b

    def hash_of(self, proxy: Proxy) -> int:
        return object.__hash__(proxy)

    def serve_channel(self, sock: socket.socket) -> None:
        channel = Channel(sock, self, Blocking())
        self.local.channel = channel
        channel.serve_forever()


def _release(side: ServerSide, pairs: list[tuple[int, int]]) -> None:
    for ident, count in pairs:
        side.table.release(ident, count)


def _shape(side: ServerSide, obj: object) -> tuple[bool, bool]:
    """(compares by fields, frozen) for obj's class: a dataclass with eq=True."""
    params = getattr(type(obj), "__dataclass_params__", None)
    if params is None or not dataclasses.is_dataclass(obj):
        return (False, False)
    return (params.eq is True, params.frozen is True)


def _fields(side: ServerSide, obj: Any) -> tuple[object, ...]:
    return tuple(getattr(obj, f.name) for f in dataclasses.fields(obj) if f.compare)


def _import(side: ServerSide, name: str) -> object:
    # A server started ahead put the submission's folder on sys.path before it existed;
    # the path finder then cached "nothing there" for it: forget that.
    sys.path_importer_cache.pop(side.folder, None)
    return importlib.import_module(name)


_SPECIAL: dict[str, Any] = {
    "shape": _shape,
    "fields": _fields,
    "import": _import,
    "output": lambda side, cap: side.capture.take(cap),
    "release": _release,
    "ping": lambda side: None,
    "echo": lambda side, value: value,
}


def serve(sock: socket.socket, submission_dir: str, preload: tuple[str, ...] = ()) -> None:
    """The submission process's main loop: sys.path gets submission_dir; each
    channel the tests side opens (a socket passed over ``sock``) is served by a
    thread of its own, except the channel of the tests' main thread (``M``), which
    this process's main thread serves, so what only works on a main thread
    (``signal.signal``) works for the tests that run there, as it does in one
    process; returns when ``sock`` reaches EOF.  ``preload`` (the image's packages,
    such as numpy) is imported first, before the submission's folder is on sys.path."""
    for name in preload:
        try:
            importlib.import_module(name)
        except ImportError:
            pass  # the submission's own import of it will say so
    sys.path.insert(0, submission_dir)
    side = ServerSide(Capture(), submission_dir)
    mains: queue.SimpleQueue[socket.socket | None] = queue.SimpleQueue()
    threading.Thread(target=_accept, args=(sock, side, mains), daemon=True).start()
    while (channel := mains.get()) is not None:
        side.serve_channel(channel)


def _accept(sock: socket.socket, side: ServerSide, mains: queue.SimpleQueue[socket.socket | None]) -> None:
    """Take the channels the tests side passes; at EOF (or any failure) tell the main thread."""
    try:
        while True:
            message, fds, _flags, _address = socket.recv_fds(sock, 1, 16)
            if not message:
                return
            for fd in fds:
                channel = socket.socket(fileno=fd)
                if message == MAIN_CHANNEL:
                    mains.put(channel)
                else:
                    threading.Thread(target=side.serve_channel, args=(channel,), daemon=True).start()
    finally:
        mains.put(None)

"""One channel: a stream socket carrying frames, and the re-entrant request loop.

A frame is a kind byte, a 4-byte length and a body encoded by ``codec``.  Both
ends can serve requests while they wait for a reply (the submission calls a
test's callback in the middle of a call), so a channel is a stack: the reply that
arrives belongs to the innermost request.  One channel serves one thread.
"""

from __future__ import annotations

import select
import socket
import struct
from typing import Protocol

from validators.boundary.codec import Decoder, EncodeError, Encoder, ProtocolError
from validators.boundary.limits import MAX_MESSAGE

__all__ = ["CHANNEL", "MAIN_CHANNEL", "RAISE", "REPLY", "REQUEST", "Blocking", "Channel", "Closed", "Side",
           "Waiter"]

REQUEST, REPLY, RAISE = 1, 2, 3
# The control message that passes a channel: of the tests' main thread, of another thread.
MAIN_CHANNEL, CHANNEL = b"M", b"C"
_HEADER = struct.Struct("<BI")
_CHUNK = 1 << 16


class Closed(ProtocolError):
    """The other end hung up (its process ended, or it closed the socket)."""


class Waiter(Protocol):
    """How a side waits for its socket: the tests side checks limits between slices."""

    def wait(self, sock: socket.socket, event: int) -> None: ...


class Side(Protocol):
    """What a channel needs from the side it belongs to."""

    def encoder(self) -> Encoder: ...
    def decoder(self) -> Decoder: ...
    def handle(self, request: object) -> tuple[int, object]: ...
    def refusal(self, text: str) -> object: ...
    def rebuild(self, described: object) -> BaseException: ...


class Channel:
    """A socket plus its codec; ``request`` sends and waits, serving nested requests."""

    def __init__(self, sock: socket.socket, side: Side, waiter: Waiter) -> None:
        self.sock = sock
        self.side = side
        self.waiter = waiter
        self.encoder = side.encoder()
        self.decoder = side.decoder()
        self.pending = bytearray()
        self.moved = 0  # bytes sent and received, for bounding what a crossing may cost

    def request(self, message: tuple[object, ...]) -> object:
        """Send one request; return the reply's value or raise the remote exception."""
        self.send(REQUEST, message)
        while True:
            kind, value = self.receive()
            if kind == REQUEST:
                self.serve_one(value)
            elif kind == REPLY:
                return value
            else:
                raise self.side.rebuild(value)

    def serve_forever(self) -> None:
        """Answer requests until the other end hangs up."""
        while True:
            try:
                kind, value = self.receive()
            except Closed:
                return
            if kind != REQUEST:
                raise ProtocolError("a reply with no request")
            self.serve_one(value)

    def serve_one(self, request: object) -> None:
        kind, value = self.side.handle(request)
        try:
            self.send(kind, value)
        except EncodeError as exc:
            self.send(RAISE, self.side.refusal(str(exc)))

    def send(self, kind: int, value: object) -> None:
        body = self.encoder.encode(value)
        self._write(_HEADER.pack(kind, len(body)) + body)

    def receive(self) -> tuple[int, object]:
        kind, size = _HEADER.unpack(self._read(_HEADER.size))
        if kind not in (REQUEST, REPLY, RAISE):
            raise ProtocolError(f"a frame of unknown kind {kind}")
        if size > MAX_MESSAGE:
            raise ProtocolError(f"a message of {size} bytes (the cap is {MAX_MESSAGE})")
        return kind, self.decoder.decode(self._read(size))

    def _read(self, size: int) -> bytes:
        while len(self.pending) < size:
            try:
                chunk = self.sock.recv(max(_CHUNK, size - len(self.pending)))
            except BlockingIOError:  # a non-blocking socket (the tests side): wait, watching the clock
                self.waiter.wait(self.sock, select.POLLIN)
                continue
            except OSError as exc:
                raise Closed(f"the other end hung up ({exc})") from None
            if not chunk:
                raise Closed("the other end hung up")
            self.pending += chunk
        data = bytes(self.pending[:size])
        del self.pending[:size]
        self.moved += size
        return data

    def _write(self, data: bytes) -> None:
        self.moved += len(data)
        view = memoryview(data)
        while view:
            try:
                sent = self.sock.send(view)
            except BlockingIOError:
                self.waiter.wait(self.sock, select.POLLOUT)
                continue
            except OSError:
                raise Closed("the other end hung up") from None
            view = view[sent:]


class Blocking:
    """The submission side's waiter (its sockets block): it has no limits to check."""

    def wait(self, sock: socket.socket, event: int) -> None:
        return None


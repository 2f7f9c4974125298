"""The tests' side of every channel: how its values are encoded and decoded, and
what it answers when the submission calls back into an object the tests passed."""

from __future__ import annotations

import time
import types
from typing import TYPE_CHECKING, Any

from validators.boundary.codec import Decoder, Encoder, ProtocolError
from validators.boundary.faults import (
    describe_class,
    describe_exception,
    described,
    rebuild_exception,
    stand_in,
)
from validators.boundary.ops import FOR_CALLBACKS, OPS
from validators.boundary.remote import Proxy
from validators.boundary.wire import RAISE, REPLY

if TYPE_CHECKING:
    from validators.boundary.boundary import Boundary

__all__ = ["StaleHandle", "TestsSide"]


class StaleHandle(Exception):
    """A proxy of an ended process was about to be sent; re-resolve it and retry."""

    def __init__(self, proxy: Proxy) -> None:
        super().__init__("stale handle")
        self.proxy = proxy


class TestsSide:
    """The codec hooks and the callback policy of the tests' process."""

    __test__ = False

    def __init__(self, boundary: Boundary) -> None:
        self.boundary = boundary

    def encoder(self) -> Encoder:
        return Encoder(self._ref, self._export, describe_class)

    def decoder(self) -> Decoder:
        return Decoder(self.boundary.proxy_for, self._own, stand_in)

    def _ref(self, obj: object) -> int | None:
        if type(obj) is not Proxy or obj._bd_owner is not self.boundary:
            return None
        if obj._bd_gen != self.boundary.live_generation():
            raise StaleHandle(obj)
        return int(obj._bd_id)

    def _export(self, obj: object) -> tuple[int, int]:
        return self.boundary.exports().export(obj)

    def _own(self, ident: int) -> object:
        return self.boundary.exports().get(ident)

    def handle(self, request: object) -> tuple[int, object]:
        """Serve the submission's use of an object the tests passed in (restricted)."""
        self.boundary.clock.crossings += 1
        began = time.thread_time()
        try:
            return REPLY, self._run(request)
        except ProtocolError:
            raise
        except Exception as exc:  # noqa: BLE001 - the test's callback raised: the submission sees it
            return RAISE, describe_exception(exc, with_traceback=False)
        finally:
            # The tests' own code is not protocol work: it earns the submission nothing.
            self.boundary.ran_callback(time.thread_time() - began)

    def _run(self, request: object) -> object:
        if type(request) is not tuple or len(request) < 2 or type(request[0]) is not str:
            raise ProtocolError("a malformed request")
        op, target, *args = request
        if op == "getattr":
            name = args[0] if args else None
            if type(name) is not str or name.startswith("_"):
                raise AttributeError(f"the submission may read only public attributes, not {name!r}")
            return (False, _no_module(getattr(target, name)))
        if op not in FOR_CALLBACKS:
            raise TypeError(f"the submission cannot {op!r} an object of the tests")
        return _no_module(OPS[op](target, *args))

    def refusal(self, text: str) -> object:
        return describe_exception(RuntimeError(f"the tests' answer cannot cross: {text}"), False)

    def rebuild(self, value: object) -> BaseException:
        from validators.boundary.server import REFUSED

        try:
            base, chain, args, text = described(value)
        except ValueError as exc:
            return ProtocolError(str(exc))
        if chain == REFUSED:
            return ProtocolError(str(args[0]) if args else "a refused answer")
        return rebuild_exception(base, chain, args, text)


def _no_module(value: Any) -> Any:
    if isinstance(value, types.ModuleType):
        raise TypeError("the submission cannot be handed a module of the tests")
    return value

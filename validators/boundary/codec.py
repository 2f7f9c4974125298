"""The value encoding that crosses the boundary: tagged, length-prefixed binary.

Plain data goes by value, and only when its type is exactly the builtin (a ``str``
subclass with a forged ``__eq__`` is not a ``str`` here).  Anything else goes as a
handle: an id in the sender's table.  The decoder builds only builtin values,
numpy arrays from raw bytes, and proxies; it runs none of the sender's code (no
pickle, no eval) and checks size, depth and count while it reads.
"""

from __future__ import annotations

import struct
import sys
from collections.abc import Callable
from typing import Any

from validators.boundary.limits import MAX_DEPTH, MAX_ITEMS, MAX_MESSAGE

__all__ = ["Decoder", "EncodeError", "Encoder", "ProtocolError"]

NONE, TRUE, FALSE, INT, BIGINT, FLOAT, COMPLEX, STR, BYTES = range(9)
LIST, TUPLE, DICT, SET, FROZENSET, HANDLE, REF, ARRAY, SCALAR, EXC_CLASS = range(9, 19)

_BQ = struct.Struct("<Bq")
_BD = struct.Struct("<Bd")
_BDD = struct.Struct("<Bdd")
_BI = struct.Struct("<BI")
_BQI = struct.Struct("<BQI")
_Q = struct.Struct("<q")
_D = struct.Struct("<d")
_DD = struct.Struct("<dd")
_I = struct.Struct("<I")
_QI = struct.Struct("<QI")
_NUMPY_KINDS = frozenset("biufcSUmM")
_CONTAINERS: dict[int, type] = {LIST: list, SET: set, FROZENSET: frozenset}
_TAGS: dict[type, int] = {list: LIST, tuple: TUPLE, set: SET, frozenset: FROZENSET, dict: DICT}


class ProtocolError(Exception):
    """The peer sent bytes that are not a valid message (garbage, too big, too deep)."""


class EncodeError(Exception):
    """A value this side wanted to send is past the caps."""


class Encoder:
    """Encode one message.  ``ref`` names the receiver's own objects (proxies held
    here); ``export`` registers a local object and returns (id, type token)."""

    def __init__(
        self,
        ref: Callable[[object], int | None],
        export: Callable[[object], tuple[int, int]],
        describe: Callable[[type[BaseException]], tuple[str, list[tuple[str, str]]]],
    ) -> None:
        self.ref = ref
        self.export = export
        self.describe = describe
        self.out = bytearray()
        self.items = 0

    def encode(self, value: object) -> bytes:
        self.out = bytearray()
        self.items = 0
        self.value(value, 0)
        if len(self.out) > MAX_MESSAGE:
            raise EncodeError(f"a value of {len(self.out)} bytes is past the {MAX_MESSAGE}-byte cap")
        return bytes(self.out)

    def value(self, obj: object, depth: int) -> None:
        self.items += 1
        if self.items > MAX_ITEMS:
            raise EncodeError(f"more than {MAX_ITEMS} values in one message")
        kind = type(obj)
        if kind is str:
            data = obj.encode("utf-8", "surrogatepass")  # type: ignore[attr-defined]
            self.out += _BI.pack(STR, len(data))
            self.out += data
        elif kind is int:
            self._int(obj)  # type: ignore[arg-type]
        elif obj is None:
            self.out.append(NONE)
        elif kind is bool:
            self.out.append(TRUE if obj else FALSE)
        elif kind is float:
            self.out += _BD.pack(FLOAT, obj)
        elif kind in (list, tuple, set, frozenset, dict):
            self._container(obj, depth)
        else:
            self._other(obj, depth)

    def _int(self, obj: int) -> None:
        if -(1 << 63) <= obj < (1 << 63):
            self.out += _BQ.pack(INT, obj)
            return
        data = obj.to_bytes((obj.bit_length() + 8) // 8, "little", signed=True)
        self.out += _BI.pack(BIGINT, len(data))
        self.out += data

    def _container(self, obj: Any, depth: int) -> None:
        if depth >= MAX_DEPTH:
            raise EncodeError(f"containers nested deeper than {MAX_DEPTH}")
        if len(self.out) > MAX_MESSAGE:
            raise EncodeError(f"a value past the {MAX_MESSAGE}-byte cap")
        kind = type(obj)
        tag = _TAGS[kind]
        self.out += _BI.pack(tag, len(obj))
        if kind is dict:
            for key, item in obj.items():
                self.value(key, depth + 1)
                self.value(item, depth + 1)
        else:
            for item in obj:
                self.value(item, depth + 1)

    def _other(self, obj: Any, depth: int) -> None:
        kind = type(obj)
        if kind is bytes:
            self.out += _BI.pack(BYTES, len(obj))
            self.out += obj
        elif kind is complex:
            self.out += _BDD.pack(COMPLEX, obj.real, obj.imag)
        elif isinstance(obj, type) and issubclass(obj, BaseException):
            base, chain = self.describe(obj)
            self.out.append(EXC_CLASS)
            self.value((base, chain), depth + 1)
        elif not self._numpy(obj, depth):
            self._handle(obj)

    def _handle(self, obj: object) -> None:
        ident = self.ref(obj)
        if ident is not None:
            self.out += _BQ.pack(REF, ident)
        else:
            self.out += _BQI.pack(HANDLE, *self.export(obj))

    def _numpy(self, obj: Any, depth: int) -> bool:
        np = sys.modules.get("numpy")
        if np is None or type(obj).__module__ != "numpy":
            return False
        if type(obj) is np.ndarray and _plain_dtype(obj.dtype):
            self.out.append(ARRAY)
            data = np.ascontiguousarray(obj).tobytes()
            self.value((obj.dtype.str, tuple(int(n) for n in obj.shape), data), depth + 1)
            return True
        if isinstance(obj, np.generic) and _plain_dtype(obj.dtype) and type(obj) is obj.dtype.type:
            self.out.append(SCALAR)
            self.value((obj.dtype.str, obj.tobytes()), depth + 1)
            return True
        return False


def _plain_dtype(dtype: Any) -> bool:
    simple = dtype.fields is None and dtype.subdtype is None
    return bool(simple and not dtype.hasobject and dtype.kind in _NUMPY_KINDS)


class Decoder:
    """Decode one message.  ``proxy(id, token)`` makes a proxy for a handle of the
    sender's; ``own(id)`` returns this side's object that the sender refers to."""

    def __init__(
        self,
        proxy: Callable[[int, int], object],
        own: Callable[[int], object],
        exc_class: Callable[[str, list[tuple[str, str]]], type[BaseException]],
    ) -> None:
        self.proxy = proxy
        self.own = own
        self.exc_class = exc_class
        self.data = b""
        self.pos = 0
        self.items = 0

    def decode(self, data: bytes) -> object:
        self.data = data
        self.pos = 0
        self.items = 0
        try:
            value = self.value(0)
        except (struct.error, UnicodeDecodeError, ValueError, TypeError, OverflowError) as exc:
            raise ProtocolError(f"a malformed message ({type(exc).__name__}: {exc})") from None
        if self.pos != len(self.data):
            raise ProtocolError("a message with trailing bytes")
        return value

    def _take(self, size: int) -> bytes:
        end = self.pos + size
        if end > len(self.data):
            raise ProtocolError("a message cut short")
        chunk = self.data[self.pos:end]
        self.pos = end
        return chunk

    def _count(self) -> int:
        (count,) = _I.unpack_from(self.data, self.pos)
        self.pos += 4
        return int(count)

    def value(self, depth: int) -> object:
        self.items += 1
        if self.items > MAX_ITEMS:
            raise ProtocolError(f"more than {MAX_ITEMS} values in one message")
        pos = self.pos
        if pos >= len(self.data):
            raise ProtocolError("a message cut short")
        tag = self.data[pos]
        self.pos = pos + 1
        if tag == STR:
            (size,) = _I.unpack_from(self.data, pos + 1)
            end = pos + 5 + size
            if end > len(self.data):
                raise ProtocolError("a message cut short")
            self.pos = end
            return self.data[pos + 5:end].decode("utf-8", "surrogatepass")
        if tag == INT:
            (number,) = _Q.unpack_from(self.data, self.pos)
            self.pos += 8
            return number
        if tag <= FALSE:
            return (None, True, False)[tag]
        if LIST <= tag <= FROZENSET:
            return self._container(tag, depth)
        return self._other(tag, depth)

    def _container(self, tag: int, depth: int) -> object:
        if depth >= MAX_DEPTH:
            raise ProtocolError(f"containers nested deeper than {MAX_DEPTH}")
        count = self._count()
        if count > len(self.data) - self.pos:  # every value takes at least one byte
            raise ProtocolError("a container longer than its message")
        value = self.value
        inner = depth + 1
        if tag == DICT:
            return dict([(value(inner), value(inner)) for _ in range(count)])
        if tag == TUPLE:
            return tuple([value(inner) for _ in range(count)])
        return _CONTAINERS[tag]([value(inner) for _ in range(count)])

    def _other(self, tag: int, depth: int) -> object:
        if tag == FLOAT:
            (number,) = _D.unpack_from(self.data, self.pos)
            self.pos += 8
            return number
        if tag == BYTES:
            return self._take(self._count())
        if tag == BIGINT:
            return int.from_bytes(self._take(self._count()), "little", signed=True)
        if tag == COMPLEX:
            real, imag = _DD.unpack_from(self.data, self.pos)
            self.pos += 16
            return complex(real, imag)
        if tag == HANDLE:
            ident, token = _QI.unpack_from(self.data, self.pos)
            self.pos += 12
            return self.proxy(ident, token)
        if tag == REF:
            (ident,) = _Q.unpack_from(self.data, self.pos)
            self.pos += 8
            return self.own(ident)
        return self._described(tag, depth)

    def _described(self, tag: int, depth: int) -> object:
        if tag == EXC_CLASS:
            base, chain = _shape(self.value(depth + 1), "exception class")
            return self.exc_class(_text(base), _chain(chain))
        if tag == ARRAY:
            return _array(self.value(depth + 1))
        if tag == SCALAR:
            dtype, data = _shape(self.value(depth + 1), "numpy scalar")
            return _array((dtype, (), data))[()]
        raise ProtocolError(f"an unknown tag {tag}")


def _shape(value: object, what: str) -> tuple[Any, ...]:
    if type(value) is not tuple or len(value) != 2:
        raise ProtocolError(f"a malformed {what}")
    return value


def _text(value: object) -> str:
    if type(value) is not str:
        raise ProtocolError("a malformed name")
    return value


def _chain(value: object) -> list[tuple[str, str]]:
    if type(value) is not list:
        raise ProtocolError("a malformed class chain")
    pairs = [_shape(pair, "class chain") for pair in value]
    return [(_text(module), _text(name)) for module, name in pairs]


def _array(value: object) -> Any:
    if type(value) is not tuple or len(value) != 3:
        raise ProtocolError("a malformed numpy array")
    dtype_text, shape, data = value
    if type(dtype_text) is not str or type(shape) is not tuple or type(data) is not bytes:
        raise ProtocolError("a malformed numpy array")
    if not all(type(n) is int and n >= 0 for n in shape):
        raise ProtocolError("a malformed numpy array shape")
    import numpy as np  # only now: the host may have no numpy, and only arrays need it

    dtype = np.dtype(dtype_text)
    if not _plain_dtype(dtype):
        raise ProtocolError(f"a numpy array of dtype {dtype_text!r} (only plain dtypes cross)")
    size = 1
    for n in shape:
        size *= n
    if size * dtype.itemsize != len(data):
        raise ProtocolError("a numpy array whose bytes do not match its shape")
    return np.frombuffer(data, dtype=dtype).reshape(shape).copy()

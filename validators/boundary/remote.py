"""Proxies: the local face of an object that lives on the other side.

Every use of a proxy is a request to the side that owns the object.  Equality
and hashing are decided locally, never delegated (identity; for two instances of
one dataclass, their fields as plain data): an object of the submission's whose
``__eq__`` always says True gets nowhere.  ``isinstance(x, proxy)`` asks
the owner (``__instancecheck__``), so ``isinstance(c, mod.Chunk)`` works.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

__all__ = ["BROKEN", "FORWARDED_DUNDERS", "MethodProxy", "Owner", "Proxy"]

# Dunder attributes a test may read through a proxy.  Every other dunder (and every
# ``_pytest*`` probe) is answered locally with AttributeError, so pytest, inspect and
# numpy poking at an object never hand the submission a say in how tests run.
FORWARDED_DUNDERS = frozenset({
    "__name__", "__qualname__", "__doc__", "__module__", "__all__", "__version__",
    "__annotations__", "__dataclass_fields__", "__slots__", "__dict__", "__file__",
})
BROKEN = -1  # the generation of a name whose module failed to import


class Owner(Protocol):
    """The side that answers for a proxy's object."""

    def call(self, proxy: Proxy, op: str, *args: object) -> Any: ...
    def attribute(self, proxy: Proxy, name: str) -> Any: ...
    def known_method(self, proxy: Proxy, name: str) -> bool: ...
    def released(self, proxy: Proxy) -> None: ...
    def equal(self, a: Proxy, b: Proxy) -> bool: ...
    def hash_of(self, proxy: Proxy) -> int: ...


def _local_only(name: str) -> bool:
    if name.startswith("_bd_") or name.startswith("_pytest"):
        return True
    return name.startswith("__") and name.endswith("__") and name not in FORWARDED_DUNDERS


class Proxy:
    """A handle: an id in the owner's table, in one generation of its process."""

    __slots__ = ("__weakref__", "_bd_gen", "_bd_id", "_bd_origin", "_bd_owner", "_bd_received",
                 "_bd_token")

    def __init__(self, owner: Owner, gen: int, ident: int, token: int,
                 origin: tuple[str, ...] | None = None) -> None:
        object.__setattr__(self, "_bd_owner", owner)
        object.__setattr__(self, "_bd_gen", gen)
        object.__setattr__(self, "_bd_id", ident)
        object.__setattr__(self, "_bd_token", token)
        object.__setattr__(self, "_bd_origin", origin)
        object.__setattr__(self, "_bd_received", 1)

    def __del__(self) -> None:
        try:
            self._bd_owner.released(self)
        except Exception:  # noqa: BLE001,S110 - at interpreter exit the owner may be half gone
            pass

    def __getattr__(self, name: str) -> Any:
        if _local_only(name):
            raise AttributeError(name)
        if self._bd_owner.known_method(self, name):
            return MethodProxy(self, name)
        return self._bd_owner.attribute(self, name)

    def __setattr__(self, name: str, value: object) -> None:
        self._bd_owner.call(self, "setattr", name, value)

    def __delattr__(self, name: str) -> None:
        self._bd_owner.call(self, "delattr", name)

    def __call__(self, *args: object, **kwargs: object) -> Any:
        return self._bd_owner.call(self, "call", args, kwargs)

    def __iter__(self) -> Iterator[Any]:
        return self._bd_owner.call(self, "iter")  # type: ignore[no-any-return]

    def __next__(self) -> Any:
        return self._bd_owner.call(self, "next")

    def __exit__(self, kind: object, value: object, trace: object) -> Any:
        return self._bd_owner.call(self, "exit", kind, None if value is None else repr(value), None)

    def __instancecheck__(self, obj: object) -> bool:
        return bool(self._bd_owner.call(self, "instancecheck", obj))

    def __subclasscheck__(self, cls: object) -> bool:
        return bool(self._bd_owner.call(self, "subclasscheck", cls))

    def __mro_entries__(self, bases: tuple[object, ...]) -> tuple[type, ...]:
        raise TypeError("a test cannot subclass a class of the submission's: it lives in another process")

    # Equality is decided here, never by the submission's __eq__: identity, or for two
    # instances of one dataclass (eq=True), their compared fields fetched as plain data
    # and compared locally.  A proxy never equals a local value.
    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(other) is not Proxy:
            return NotImplemented  # then Python compares identity
        return bool(self._bd_owner.equal(self, other))

    def __ne__(self, other: object) -> bool:
        equal: Any = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return int(self._bd_owner.hash_of(self))


def _forward(op: str) -> Any:
    def method(self: Proxy, *args: object) -> Any:
        return self._bd_owner.call(self, op, *args)

    method.__name__ = f"__{op}__"
    return method


# One request each; the owner's reply must itself be of the right type (a ``__len__``
# that comes back as a proxy is a TypeError raised by Python, not a pass).
for _op in ("len", "getitem", "setitem", "delitem", "contains", "bool", "str", "repr", "format",
            "enter", "lt", "le", "gt", "ge", "neg", "pos", "abs", "invert", "int", "float",
            "complex", "index", "dir", "reversed"):
    setattr(Proxy, f"__{_op}__", _forward(_op))
for _op in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and", "or", "xor",
            "lshift", "rshift"):
    setattr(Proxy, f"__{_op}__", _forward(_op))
    setattr(Proxy, f"__r{_op}__", _forward(f"r{_op}"))


class MethodProxy:
    """``obj.name`` where the owner said it is a plain method: calling it is one
    request (``callattr``), resolved afresh on the owner's side at each call."""

    __slots__ = ("_bd_name", "_bd_self")

    def __init__(self, owner_proxy: Proxy, name: str) -> None:
        self._bd_self = owner_proxy
        self._bd_name = name

    def __call__(self, *args: object, **kwargs: object) -> Any:
        proxy = self._bd_self
        return proxy._bd_owner.call(proxy, "callattr", self._bd_name, args, kwargs)

    def __repr__(self) -> str:
        return f"<method {self._bd_name} of {self._bd_self!r}>"

    @property
    def __name__(self) -> str:
        return self._bd_name

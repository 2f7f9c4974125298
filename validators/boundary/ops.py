"""The operations a request can ask of an object, run by the side that owns it.

The submission's side answers all of them for its objects.  The tests' side
answers only ``FOR_CALLBACKS`` for the objects the tests passed in (a callback, a
generator of input lines): enough to use them, never to reach the tests' modules
through ``__globals__`` or to change how tests run.
"""

from __future__ import annotations

import inspect
import operator
import types
from collections.abc import Callable
from typing import Any

__all__ = ["FOR_CALLBACKS", "OPS", "plain_method"]


def _r(fn: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    return lambda obj, other: fn(other, obj)


OPS: dict[str, Callable[..., Any]] = {
    "setattr": setattr,
    "delattr": delattr,
    "call": lambda obj, args, kwargs: obj(*args, **kwargs),
    "callattr": lambda obj, name, args, kwargs: getattr(obj, name)(*args, **kwargs),
    "getattr_value": getattr,
    "len": len,
    "iter": iter,
    "next": next,
    "getitem": operator.getitem,
    "setitem": operator.setitem,
    "delitem": operator.delitem,
    "contains": operator.contains,
    "bool": bool,
    "str": str,
    "repr": repr,
    "format": format,
    "dir": dir,
    "reversed": reversed,
    "enter": lambda obj: obj.__enter__(),
    "exit": lambda obj, kind, value, trace: obj.__exit__(kind, value, trace),
    "instancecheck": lambda obj, other: isinstance(other, obj),
    "subclasscheck": lambda obj, other: issubclass(other, obj),
    "lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge,
    "neg": operator.neg, "pos": operator.pos, "abs": operator.abs, "invert": operator.invert,
    "int": int, "float": float, "complex": complex, "index": operator.index,
}
for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "lshift", "rshift",
              "and", "or", "xor"):
    _fn = getattr(operator, f"{_name}_" if _name in ("and", "or") else _name)
    OPS[_name] = _fn
    OPS[f"r{_name}"] = _r(_fn)

FOR_CALLBACKS = frozenset({
    "call", "len", "iter", "next", "getitem", "contains", "bool", "str", "repr", "format",
    "lt", "le", "gt", "ge", "neg", "pos", "abs", "int", "float", "index",
    "add", "radd", "sub", "rsub", "mul", "rmul", "truediv", "rtruediv", "floordiv", "rfloordiv",
    "mod", "rmod", "pow", "rpow",
})


def plain_method(obj: object, name: str, value: object) -> bool:
    """True when ``obj.name`` is a function of obj's class bound to obj (so the tests
    side may remember the name and call it in one request from then on)."""
    if type(value) is not types.MethodType or value.__self__ is not obj or isinstance(obj, type):
        return False
    if name in getattr(obj, "__dict__", ()):
        return False
    return isinstance(inspect.getattr_static(type(obj), name, None), types.FunctionType)

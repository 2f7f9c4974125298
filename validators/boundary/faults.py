"""Exceptions across the boundary: what the tests side raises, and how a remote
exception becomes a local one.

A builtin exception type is found by name in ``builtins`` (never anything else
named by the submission); a class the submission defines becomes one local
stand-in class per remote class: same name, its base the stand-in of its remote
base, down to the nearest builtin ancestor.  Stand-ins are cached, so the class
that ``mod.MyError`` returns is the class a raised ``MyError`` arrives as.
"""

from __future__ import annotations

import builtins
import os
import threading
import traceback

from validators.boundary.limits import TRACEBACK_CHARS

__all__ = [
    "RemoteTraceback",
    "SubmissionCrashed",
    "SubmissionTimeout",
    "builtin_exception",
    "describe_class",
    "describe_exception",
    "described",
    "rebuild_exception",
    "stand_in",
]


class SubmissionTimeout(BaseException):
    """Raised in the tests process when the submission runs past the per-test CPU
    limit or the wall-clock ceiling; a BaseException, so ``except Exception`` in a
    test does not swallow it."""

    __test__ = False


class SubmissionCrashed(Exception):
    """The submission's process died, hung up, or wrote garbage on the socket."""


class RemoteTraceback(Exception):
    """The submission's traceback, as text: the ``__cause__`` of a remote exception."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


_HERE = os.path.dirname(os.path.abspath(__file__))
_STAND_INS: dict[tuple[str, str], type[BaseException]] = {}
_LOCK = threading.Lock()


def builtin_exception(name: str) -> type[Exception] | None:
    """The builtins module's exception type of that name (an Exception subclass), if any."""
    found = getattr(builtins, name, None)
    if isinstance(found, type) and issubclass(found, Exception):
        return found
    return None


def describe_class(cls: type[BaseException]) -> tuple[str, list[tuple[str, str]]]:
    """(name of the nearest builtin ancestor, [(module, qualname) of each class above it])."""
    chain: list[tuple[str, str]] = []
    for klass in cls.__mro__:
        if builtin_exception(klass.__name__) is klass:
            return klass.__name__, chain
        if klass is BaseException or getattr(builtins, klass.__name__, None) is klass:
            # SystemExit, KeyboardInterrupt...: a stand-in of that name based on Exception,
            # so that no remote exception can stop the local pytest session.
            chain.append(("builtins", klass.__name__))
            break
        chain.append((str(klass.__module__), str(klass.__qualname__)))
    return "Exception", chain


def stand_in(base_name: str, chain: list[tuple[str, str]]) -> type[BaseException]:
    """The local class for a remote exception class (cached by module and qualname)."""
    base: type[BaseException] = builtin_exception(base_name) or Exception
    if base is StopIteration and chain:
        base = Exception  # a subclass of StopIteration must not end a local for loop silently
    root = base
    with _LOCK:
        for module, qualname in reversed(chain):
            key = (module, qualname)
            if key not in _STAND_INS:
                name = qualname.rsplit(".", 1)[-1] or "RemoteError"
                _STAND_INS[key] = type(name, (base,), {"__module__": module, "__qualname__": qualname})
            elif not issubclass(_STAND_INS[key], root):
                # Cached from an earlier view of its bases (``mod.Base`` before ``class
                # Sub(Base, KeyError)`` was raised): a leaf may add the builtin base.
                leaf = _STAND_INS[key]
                base = type(leaf.__name__, (leaf, root), {"__module__": module, "__qualname__": qualname})
                continue
            base = _STAND_INS[key]
    return base


def _plain_args(args: tuple[object, ...]) -> tuple[object, ...]:
    plain = (str, int, float, bool, bytes, complex, type(None))
    return tuple(arg if type(arg) in plain else repr(arg)[:TRACEBACK_CHARS] for arg in args)


def describe_exception(exc: BaseException, with_traceback: bool) -> tuple[object, ...]:
    """What crosses for a raised exception: (base name, class chain, args, traceback text)."""
    base, chain = describe_class(type(exc))
    text = ""
    if with_traceback:
        trace = exc.__traceback__
        while trace is not None and trace.tb_frame.f_code.co_filename.startswith(_HERE):
            trace = trace.tb_next  # the server's own frames say nothing about the submission
        text = "".join(traceback.format_exception(type(exc), exc, trace))[-TRACEBACK_CHARS:]
    try:
        args = _plain_args(tuple(exc.args))
    except Exception:  # noqa: BLE001 - a hostile args property; the name is enough
        args = ()
    return (base, chain, args, text)


def rebuild_exception(base: str, chain: list[tuple[str, str]], args: tuple[object, ...],
                      text: str) -> BaseException:
    """A local exception for a remote one, its traceback text as ``__cause__``."""
    cls = stand_in(base, chain)
    try:
        exc = cls(*args)
    except Exception:  # noqa: BLE001 - e.g. UnicodeDecodeError wants five typed arguments
        exc = stand_in("Exception", [("builtins", cls.__name__)])(*args)
    if text:
        exc.__cause__ = RemoteTraceback(text)
    return exc


def described(value: object) -> tuple[str, list[tuple[str, str]], tuple[object, ...], str]:
    """Check the shape of a decoded exception; args keep only plain scalars."""
    if type(value) is not tuple or len(value) != 4:
        raise ValueError("a malformed exception")
    base, chain, args, text = value
    if type(base) is not str or type(chain) is not list or type(args) is not tuple or type(text) is not str:
        raise ValueError("a malformed exception")
    if not all(type(p) is tuple and len(p) == 2 and all(type(x) is str for x in p) for p in chain):
        raise ValueError("a malformed exception class chain")
    plain = tuple(arg if type(arg) in (str, int, float, bool, type(None)) else "<?>" for arg in args)
    return base, chain, plain, text

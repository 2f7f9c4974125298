"""Attribute access, calls, iteration, context managers, callbacks, exceptions, numpy."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

import pytest

from validators.boundary import Boundary
from validators.boundary.faults import RemoteTraceback

Make = Callable[..., Boundary]

SUB = """
import threading

class StoreError(Exception):
    pass

class Missing(StoreError, KeyError):
    pass

class Store:
    kind = "kv"
    def __init__(self): self.d = {}
    def set(self, k, v): self.d[k] = v
    def get(self, k): return self.d.get(k)
    def must(self, k):
        if k not in self.d:
            raise Missing(k)
        return self.d[k]
    def __len__(self): return len(self.d)
    def __getitem__(self, k): return self.d[k]
    def __setitem__(self, k, v): self.d[k] = v
    def __delitem__(self, k): del self.d[k]
    def __contains__(self, k): return k in self.d
    def __iter__(self): return iter(sorted(self.d))
    def __repr__(self): return f"Store({len(self.d)})"
    def __lt__(self, other): return len(self) < other

class Ctx:
    def __init__(self): self.log = []
    def __enter__(self): self.log.append("in"); return self
    def __exit__(self, kind, value, tb):
        self.log.append(("out", kind.__name__ if kind else None))
        return True

def gen(n):
    for i in range(n):
        yield i * i

def consume(it): return [x.upper() for x in it]
def apply(f, xs): return [f(x) for x in xs]
def calls_back_raising(f):
    try:
        f()
    except ValueError as exc:
        return "caught " + str(exc)
def peek(f, name):  # a raw request: a hostile submission bypasses its own proxies
    return f._bd_owner.call(f, "getattr", name)
def fail(kind): raise {"key": KeyError, "type": TypeError, "index": IndexError, "zero": ZeroDivisionError,
                       "stop": StopIteration, "exit": SystemExit, "kbd": KeyboardInterrupt}[kind]("boom")
def array():
    import numpy as np
    return np.arange(6, dtype=np.int32).reshape(2, 3), np.float64(2.5), np.array([object()], dtype=object)
def total(a): return float(a.sum())
def barrier_pair(b=threading.Barrier(2)):
    b.wait(timeout=5)   # returns only when two calls are in at the same time
    return "met"
"""


def test_methods_attributes_and_dunders(make_boundary: Make) -> None:
    mod = make_boundary(SUB).import_module("sub")
    s = mod.Store()
    s.set("a", 1)
    s["b"] = [2]
    assert s.get("a") == 1 and s["b"] == [2] and len(s) == 2 and "a" in s and "z" not in s
    assert list(s) == ["a", "b"] and repr(s) == "Store(2)" and str(s) == "Store(2)"
    assert s.kind == "kv" and mod.Store.kind == "kv"
    s.extra = 5
    assert s.extra == 5
    del s["b"]
    assert len(s) == 1 and bool(s) and s < 5
    assert isinstance(s, mod.Store) and not isinstance(3, mod.Store)
    with pytest.raises(TypeError, match="cannot subclass"):
        class Mine(mod.Store):  # type: ignore[misc,name-defined]
            pass


def test_one_crossing_per_method_call_once_known(make_boundary: Make) -> None:
    b = make_boundary(SUB)
    s = b.import_module("sub").Store()
    s.set("a", 1)
    s.get("a")
    channel = b._channel()
    sent = []
    original = channel.send
    channel.send = lambda kind, value: (sent.append(value), original(kind, value))[1]  # type: ignore[method-assign]
    for _ in range(10):
        s.get("a")
    assert len(sent) == 10


def test_generators_iterators_and_context_managers(make_boundary: Make) -> None:
    mod = make_boundary(SUB).import_module("sub")
    assert list(mod.gen(4)) == [0, 1, 4, 9]
    assert mod.consume(x for x in "ab") == ["A", "B"]  # a generator of the tests, pulled by the submission
    ctx = mod.Ctx()
    with ctx as inside:
        assert inside is ctx
        raise ValueError("suppressed by the submission's __exit__")
    assert ctx.log == ["in", ("out", "ValueError")]


def test_callbacks_run_in_the_tests_process(make_boundary: Make) -> None:
    mod = make_boundary(SUB).import_module("sub")
    seen = []
    assert mod.apply(lambda x: seen.append(x) or x * 10, [1, 2]) == [10, 20]
    assert seen == [1, 2]

    def raising() -> None:
        raise ValueError("from the test")

    assert mod.calls_back_raising(raising) == "caught from the test"


@pytest.mark.parametrize("name", ["__globals__", "__code__", "_private", "__closure__"])
def test_a_callback_gives_no_way_into_the_tests(make_boundary: Make, name: str) -> None:
    mod = make_boundary(SUB).import_module("sub")
    with pytest.raises(AttributeError, match="only public attributes"):
        mod.peek(lambda: None, name)


def test_builtin_exceptions_arrive_by_name(make_boundary: Make) -> None:
    mod = make_boundary(SUB).import_module("sub")
    for kind, cls in [("key", KeyError), ("type", TypeError), ("index", IndexError),
                      ("zero", ZeroDivisionError), ("stop", StopIteration)]:
        with pytest.raises(cls) as info:
            mod.fail(kind)
        assert type(info.value) is cls and info.value.args == ("boom",)
        assert isinstance(info.value.__cause__, RemoteTraceback)
        assert "in fail" in str(info.value.__cause__)


@pytest.mark.parametrize("kind", ["exit", "kbd"])
def test_exit_and_interrupt_cannot_stop_the_tests(make_boundary: Make, kind: str) -> None:
    mod = make_boundary(SUB).import_module("sub")
    with pytest.raises(Exception) as info:
        mod.fail(kind)
    assert type(info.value).__name__ in ("SystemExit", "KeyboardInterrupt")
    assert not isinstance(info.value, (SystemExit, KeyboardInterrupt))


def test_submission_exception_classes_are_one_stand_in_each(make_boundary: Make) -> None:
    mod = make_boundary(SUB).import_module("sub")
    s = mod.Store()
    with pytest.raises(mod.StoreError) as info:
        s.must("x")
    assert type(info.value) is mod.Missing and issubclass(mod.Missing, mod.StoreError)
    assert isinstance(info.value, KeyError) and info.value.args == ("x",)
    assert mod.StoreError.__name__ == "StoreError"


def test_numpy_arrays_and_scalars_by_value(make_boundary: Make) -> None:
    np = pytest.importorskip("numpy")  # a dev dependency: present in the venv and the image
    mod = make_boundary(SUB).import_module("sub")
    arr, scalar, objects = mod.array()
    assert type(arr) is np.ndarray and arr.dtype == np.int32 and arr.shape == (2, 3)
    assert arr.tolist() == [[0, 1, 2], [3, 4, 5]] and arr.flags.writeable
    assert type(scalar) is np.float64 and scalar == 2.5
    assert type(objects) is not np.ndarray  # object dtype never crosses by value
    assert mod.total(np.ones((3, 3))) == 9.0


def test_threads_of_the_tests_run_concurrently_in_the_submission(make_boundary: Make) -> None:
    mod = make_boundary(SUB).import_module("sub")
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(mod.barrier_pair())) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert results == ["met", "met"]


def test_a_finished_thread_of_the_tests_leaves_no_thread_in_the_submission(make_boundary: Make) -> None:
    """Each thread of the tests gets a channel and a serving thread in the submission.
    Before, neither was ever closed: llm-rate-limiter's l4 starts 8 threads in each of
    16 tests, and in the sandbox (nproc 128) the submission's process died at the
    first thread past the limit ("the submission's process exited during the test")."""
    boundary = make_boundary(SUB)
    mod = boundary.import_module("sub")
    pid = boundary.process.pid  # type: ignore[union-attr]
    for _ in range(10):
        threads = [threading.Thread(target=lambda: mod.Store().set("k", 1)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=10)
    deadline = time.monotonic() + 10
    while len(os.listdir(f"/proc/{pid}/task")) > 3 and time.monotonic() < deadline:
        time.sleep(0.05)  # the server's threads see EOF and return
    assert len(os.listdir(f"/proc/{pid}/task")) <= 3  # its main thread, the tests' main thread's
    assert mod.Store().get("x") is None  # the main thread's channel still works


def test_calls_from_the_tests_main_thread_run_on_the_submissions_main_thread(make_boundary: Make) -> None:
    """Threat row 10: `signal.signal` works only on a main thread.  The server served
    every channel on a thread of its own, so a submission that sets a handler raised
    ValueError, which it would not in one process.  The tests' main thread's channel is
    now served by the submission's main thread; other threads' calls stay off it."""
    mod = make_boundary("""
        import signal, threading
        def main(): return threading.current_thread() is threading.main_thread()
        def ignore(): return signal.signal(signal.SIGTERM, signal.SIG_IGN) is not None
    """).import_module("sub")
    assert mod.main() is True and mod.ignore() is True
    elsewhere: list[object] = []
    thread = threading.Thread(target=lambda: elsewhere.append(mod.main()))
    thread.start()
    thread.join(timeout=10)
    assert elsewhere == [False]

"""The tests' process's end of the boundary: one submission process at a time,
a channel per thread, per-test accounting, and re-resolution after a respawn."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from validators.boundary.client import StaleHandle, TestsSide
from validators.boundary.clock import Clock
from validators.boundary.codec import ProtocolError
from validators.boundary.faults import SubmissionCrashed, SubmissionTimeout
from validators.boundary.limits import PROTOCOL_CPU_BOUND
from validators.boundary.remote import BROKEN, MethodProxy, Proxy
from validators.boundary.table import Table
from validators.boundary.wire import CHANNEL, MAIN_CHANNEL, Channel, Closed

__all__ = ["Boundary", "Spawn", "TestOutcome"]

Spawn = Callable[[], tuple[socket.socket, int]]
ENDED_EARLIER = "the submission's process ended in an earlier test"


@dataclass(frozen=True)
class TestOutcome:
    """What one test did to the submission's process."""

    __test__ = False

    output: str
    cpu: float
    crashed: str | None
    timed_out: str | None
    output_exceeded: bool = False


def _sigkill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)


@dataclass
class _Process:
    """One generation: a live submission process and what belongs to it."""

    gen: int
    control: socket.socket
    pid: int
    alive: bool = True
    exports: Table = field(default_factory=Table)
    sockets: list[socket.socket] = field(default_factory=list)
    proxies: weakref.WeakValueDictionary[int, Proxy] = field(default_factory=weakref.WeakValueDictionary)
    methods: dict[int, set[str]] = field(default_factory=dict)
    shapes: dict[int, tuple[bool, bool]] = field(default_factory=dict)
    released: list[tuple[int, int]] = field(default_factory=list)


class Boundary:
    """The tests' side: ``install`` the finder, then ``begin_test``/``end_test``
    around each test.  Every proxy it makes calls ``call``/``attribute`` here."""

    def __init__(self, spawn: Spawn, submission_dir: str, *, cpu_limit: float, wall_limit: float,
                 output_cap: int, kill: Callable[[int], None] = _sigkill) -> None:
        self.spawn = spawn
        self.submission_dir = submission_dir
        self.output_cap = output_cap
        self.clock = Clock(cpu_limit, kill)
        self.clock.wall_limit = wall_limit
        self.kill = kill
        self.side = TestsSide(self)
        self.process: _Process | None = None
        self.generations = 0
        self.in_test = False
        self.crash: str | None = None
        self.broken: dict[str, str] = {}
        self.lock = threading.RLock()
        self.local = threading.local()

    # ----------------------------------------------------------------- lifecycle
    def install(self) -> None:
        """Answer imports of the submission's top-level modules with proxy modules."""
        from validators.boundary.finder import install

        install(self)

    def begin_test(self, nodeid: str) -> None:
        """Start the test's account; make sure a live process serves it."""
        self.in_test = False
        self.crash = None
        process = self._live()
        self._flush_releases(process)
        self._take_output()
        self.clock.start(process.pid)
        self.in_test = True

    def end_test(self) -> TestOutcome:
        """The test's outcome: output, CPU, and whether the process crashed or ran over."""
        timed_out = self.clock.tripped
        cpu = self.clock.used() if self.process and self.process.alive else 0.0
        if timed_out is None and cpu > self.clock.cpu_limit:
            timed_out = self.clock.cpu_message(cpu)
        self.in_test = False
        output, exceeded = self._take_output()
        return TestOutcome(output, round(cpu, 6), self.crash, timed_out, exceeded)

    def close(self) -> None:
        """Hang up: the submission's process sees EOF and returns."""
        if self.process is not None:
            self._drop(self.process)
        closer = getattr(self.spawn, "close", None)
        if callable(closer):
            closer()

    # ----------------------------------------------------------------- imports
    def import_module(self, name: str) -> Proxy:
        """The submission's module ``name`` (at collection: a failure makes it broken)."""
        try:
            return self._module(name)
        except SubmissionTimeout as exc:
            reason = f"importing {name} ran past the time limit ({str(exc).split(': ', 1)[-1]})"
        except SubmissionCrashed as exc:
            reason = f"{exc} while importing {name}: did the submission exit or crash at import?"
        except Exception as exc:  # noqa: BLE001 - the submission's import failed: its tests are errors
            reason = (f"importing {name} failed ({type(exc).__name__}: {exc}): "
                      "did the submission exit or crash at import?")
        self.broken[name] = reason
        return Proxy(self, BROKEN, 0, 0, (name,))

    def _module(self, name: str) -> Proxy:
        module = self.request(("import", None, name))
        if type(module) is not Proxy:
            raise ProtocolError("an import that did not answer with a module")
        object.__setattr__(module, "_bd_origin", (name,))
        return module

    # ----------------------------------------------------------------- the Owner protocol
    def call(self, proxy: Proxy, op: str, *args: object) -> Any:
        self._current(proxy)
        return self.request((op, proxy, *args))

    def attribute(self, proxy: Proxy, name: str) -> Any:
        if proxy._bd_gen == BROKEN and proxy._bd_origin is not None and not self.in_test:
            # At collection a name of a module that failed to import still resolves (so
            # `from calc import add` does not end the run); it fails when used.  In a test,
            # looking a name up is a use: `callable(getattr(calc, "add", None))` is an
            # error with why, not True (a proxy's type always has __call__).
            return Proxy(self, BROKEN, 0, 0, (*proxy._bd_origin, name))
        self._current(proxy)
        is_method, value = self.request(("getattr", proxy, name))
        if is_method is True:
            self._process_of(proxy).methods.setdefault(proxy._bd_token, set()).add(name)
            return MethodProxy(proxy, name)
        if type(value) is Proxy and value._bd_origin is None and proxy._bd_origin is not None:
            object.__setattr__(value, "_bd_origin", (*proxy._bd_origin, name))
        return value

    def known_method(self, proxy: Proxy, name: str) -> bool:
        process = self.process
        if process is None or proxy._bd_gen != process.gen:
            return False
        return name in process.methods.get(proxy._bd_token, ())

    def released(self, proxy: Proxy) -> None:
        process = self.process
        if process is not None and proxy._bd_gen == process.gen and proxy._bd_received:
            process.released.append((proxy._bd_id, proxy._bd_received))

    def equal(self, a: Proxy, b: Proxy) -> bool:
        """Two handles: the same object, or two instances of one eq-dataclass whose
        compared fields (plain data, fetched by value) are equal here."""
        if a._bd_owner is not b._bd_owner or a._bd_token != b._bd_token or a._bd_gen != b._bd_gen:
            return False
        by_fields, _ = self._shape(a)
        return by_fields and self._fields(a) == self._fields(b)

    def hash_of(self, proxy: Proxy) -> int:
        if proxy._bd_gen == BROKEN:
            return object.__hash__(proxy)
        by_fields, frozen = self._shape(proxy)
        return hash(self._fields(proxy)) if by_fields and frozen else object.__hash__(proxy)

    def _shape(self, proxy: Proxy) -> tuple[bool, bool]:
        self._current(proxy)
        shapes = self._process_of(proxy).shapes
        if proxy._bd_token not in shapes:
            answer = self.request(("shape", proxy))
            ok = type(answer) is tuple and len(answer) == 2 and all(type(x) is bool for x in answer)
            shapes[proxy._bd_token] = answer if ok else (False, False)
        return shapes[proxy._bd_token]

    def _fields(self, proxy: Proxy) -> object:
        return self.request(("fields", proxy))

    # ----------------------------------------------------------------- for TestsSide
    def live_generation(self) -> int:
        return self.process.gen if self.process is not None and self.process.alive else -2

    def exports(self) -> Table:
        return self._live().exports

    def proxy_for(self, ident: int, token: int) -> Proxy:
        process = self._live()
        proxy = process.proxies.get(ident)
        if proxy is None:
            proxy = process.proxies[ident] = Proxy(self, process.gen, ident, token)
        else:
            object.__setattr__(proxy, "_bd_received", proxy._bd_received + 1)
        return proxy

    # ----------------------------------------------------------------- requests
    def request(self, message: tuple[object, ...]) -> Any:
        """One crossing on this thread's channel; every way it can fail is mapped here."""
        depth = getattr(self.local, "depth", 0)
        channel = self._channel()
        if depth == 0 and not self.in_test:
            self.clock.start(self._live().pid)  # outside a test each request has its own account
        self.clock.crossings += 1
        self.local.depth = depth + 1
        began, moved = time.thread_time(), channel.moved
        try:
            return self._send(channel, message)
        finally:
            self.local.depth = depth
            if depth == 0:
                spent = time.thread_time() - began - self._callbacks_cpu()
                base, per_byte = PROTOCOL_CPU_BOUND
                self.clock.spent(min(spent, base + per_byte * (channel.moved - moved)))

    def _send(self, channel: Channel, message: tuple[object, ...]) -> Any:
        while True:
            try:
                return channel.request(message)
            except StaleHandle as stale:
                self._current(stale.proxy)
            except SubmissionTimeout:
                self._lost(self.clock.tripped or "timeout", kill=False)
                raise
            except Closed:
                raise self._lost(self._ending(), kill=False) from None
            except ProtocolError as exc:
                raise self._lost(f"the submission's process sent {exc}", kill=True) from None
            except Exception:
                raise
            except BaseException:
                self._lost(None, kill=True)  # a test's own outcome (pytest.fail in a callback)
                raise

    def _callbacks_cpu(self) -> float:
        """CPU this thread spent running the tests' callbacks since the last call."""
        spent = float(getattr(self.local, "callbacks", 0.0))
        self.local.callbacks = 0.0
        return spent

    def ran_callback(self, seconds: float) -> None:
        self.local.callbacks = getattr(self.local, "callbacks", 0.0) + seconds

    def _ending(self) -> str:
        process = self.process
        status = _exit_status(process.pid) if process is not None else ""
        where = "during the test" if self.in_test else "outside a test"
        return f"the submission's process exited {where}{status}"

    def _lost(self, reason: str | None, *, kill: bool) -> SubmissionCrashed:
        process = self.process
        if process is not None and process.alive:
            if kill:
                try:
                    self.kill(process.pid)
                except ProcessLookupError:
                    pass
            self._drop(process)
        if reason is not None and self.in_test and self.crash is None and self.clock.tripped is None:
            self.crash = reason
        return SubmissionCrashed(reason or ENDED_EARLIER)

    def _drop(self, process: _Process) -> None:
        process.alive = False
        for sock in (process.control, *process.sockets):
            sock.close()

    # ----------------------------------------------------------------- processes and channels
    def _live(self) -> _Process:
        process = self.process
        if process is not None and process.alive:  # the common case, without the lock
            return process
        with self.lock:
            process = self.process
            if process is not None and process.alive:
                return process
            if self.in_test:
                raise SubmissionCrashed(self.crash or ENDED_EARLIER)
            sock, pid = self.spawn()
            self.generations += 1
            self.process = _Process(self.generations, sock, pid)
            return self.process

    def _channel(self) -> Channel:
        process = self._live()
        channels: dict[int, Channel] = getattr(self.local, "channels", {})
        channel = channels.get(process.gen)
        if channel is None:
            ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            with self.lock:
                process.sockets.append(ours)
                try:
                    kind = MAIN_CHANNEL if threading.current_thread() is threading.main_thread() else CHANNEL
                    socket.send_fds(process.control, [kind], [theirs.fileno()])
                except OSError:
                    raise self._lost(self._ending(), kill=True) from None
                finally:
                    theirs.close()
            ours.setblocking(False)  # the channel tries first and waits (watching the clock) only if it must
            channel = Channel(ours, self.side, self.clock)
            self.local.channels = {process.gen: channel}
            # The thread's locals die with it, and so does its channel: hang up then, so
            # the server's thread for it ends too.  Otherwise every thread a test ever
            # started keeps a thread alive in the submission, and a suite that starts
            # 8 threads a test reaches the container's nproc limit (128) in 16 tests.
            weakref.finalize(channel, _hang_up, process, ours)
        return channel

    def _process_of(self, proxy: Proxy) -> _Process:
        process = self._live()
        if proxy._bd_gen != process.gen:
            raise SubmissionCrashed(ENDED_EARLIER)
        return process

    def _current(self, proxy: Proxy) -> None:
        """Make ``proxy`` belong to the live process: re-resolve it by its origin
        (module + attribute chain) after a respawn, or refuse a handle that has none."""
        if proxy._bd_gen == BROKEN:
            reason = self.broken.get(str(proxy._bd_origin and proxy._bd_origin[0]), ENDED_EARLIER)
            if self.in_test and self.crash is None:
                self.crash = reason
            raise SubmissionCrashed(reason)
        process = self._live()
        if proxy._bd_gen == process.gen:
            return
        if proxy._bd_origin is None:
            raise SubmissionCrashed(ENDED_EARLIER)
        fresh = self._resolve(proxy._bd_origin)
        for slot in ("_bd_gen", "_bd_id", "_bd_token", "_bd_received"):
            object.__setattr__(proxy, slot, getattr(fresh, slot))
        object.__setattr__(fresh, "_bd_received", 0)
        process.proxies[proxy._bd_id] = proxy

    def _resolve(self, origin: tuple[str, ...]) -> Proxy:
        value: Any = self._module(origin[0])
        for name in origin[1:]:
            _, value = self.request(("getattr", value, name))
            if type(value) is not Proxy:
                raise SubmissionCrashed(f"{'.'.join(origin)} is no longer what it was in an earlier process")
        return value  # type: ignore[no-any-return]

    def _flush_releases(self, process: _Process) -> None:
        pairs, process.released = process.released, []
        if pairs:
            self.request(("release", None, pairs))

    def _take_output(self) -> tuple[str, bool]:
        process = self.process
        if process is None or not process.alive:
            return "", False
        try:
            answer = self.request(("output", None, self.output_cap))
        except (SubmissionCrashed, SubmissionTimeout):
            return "", False
        if type(answer) is not tuple or len(answer) != 2:
            self._lost("the submission's process sent a malformed output answer", kill=True)
            return "", False
        data, total = answer
        if type(data) is not bytes or type(total) is not int:
            return "", False
        text = data[: self.output_cap].decode("utf-8", "replace")
        return text, max(total, len(data)) > self.output_cap


def _hang_up(process: _Process, sock: socket.socket) -> None:
    """A tests' thread ended: close its channel (the server's thread for it returns)."""
    try:
        process.sockets.remove(sock)
    except ValueError:
        pass
    sock.close()


def _exit_status(pid: int) -> str:
    """`` (exit status N)`` or `` (killed by signal N)`` when ``pid`` is our child."""
    deadline = time.monotonic() + 0.2
    while time.monotonic() < deadline:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return ""
        if done:
            if os.WIFSIGNALED(status):
                return f" (killed by signal {os.WTERMSIG(status)})"
            return f" (exit status {os.WEXITSTATUS(status)})"
        time.sleep(0.005)
    return ""

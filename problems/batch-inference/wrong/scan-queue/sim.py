"""Given: a virtual clock, a fake model and the driver the tests use. Do not change this file.

Time is virtual and counted in integer milliseconds: `asyncio.sleep(5)`, `loop.call_later(5, f)`,
`asyncio.timeout(5)` and `asyncio.wait_for(aw, 5)` all wait 5 ms of virtual time, and
`asyncio.get_running_loop().time()` is the current virtual time. Nothing waits for real:
the tests move the clock with `Sim.advance(ms)`.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import selectors
from asyncio import events
from typing import Any

import batcher as _batcher


class _VirtualSelector(selectors.SelectSelector):
    """A selector that never blocks: waiting `timeout` moves the virtual clock on instead."""

    def __init__(self) -> None:
        super().__init__()
        self.now: float = 0

    def select(self, timeout: float | None = None) -> list[Any]:
        if timeout is None:
            raise RuntimeError("nothing is scheduled: the event loop would wait forever")
        self.now += timeout
        return []


class _Timer(events.TimerHandle):
    """A timer that, among timers due at the same moment, runs in the order it was scheduled."""

    _order = itertools.count()

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._seq = next(self._order)

    def __lt__(self, other: Any) -> bool:
        return (self._when, self._seq) < (other._when, other._seq)


class VirtualLoop(asyncio.SelectorEventLoop):
    """An asyncio event loop on virtual time; timers due at the same moment run in the order
    they were scheduled, so every run of a test is the same."""

    def __init__(self) -> None:
        self._vsel = _VirtualSelector()
        super().__init__(self._vsel)
        self._clock_resolution = 0.5
        self._fatal: BaseException | None = None
        self.set_task_factory(self._watched_task)

    # asyncio keeps a BaseException that is not an Exception (the test runner's per-test
    # time limit, for one) inside the task or callback it hit; bring it out instead.
    def _watched_task(self, loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Task[Any]:
        task = asyncio.Task(coro, loop=loop, **kwargs)
        task.add_done_callback(self._check_task)
        return task

    def _check_task(self, task: asyncio.Task[Any]) -> None:
        if not task.cancelled() and task.exception() is not None:
            self._escalate(task.exception())

    def call_exception_handler(self, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if exc is not None and not isinstance(exc, Exception):
            self._escalate(exc)
        else:
            super().call_exception_handler(context)

    def _escalate(self, exc: BaseException | None) -> None:
        if exc is not None and not isinstance(exc, Exception) and self._fatal is None:
            self._fatal = exc
            self.stop()

    def _run(self, future: Any) -> None:
        try:
            self.run_until_complete(future)
        except RuntimeError:
            if self._fatal is None:
                raise
        if self._fatal is not None:
            raise self._fatal

    def time(self) -> float:
        return self._vsel.now

    def call_at(self, when: float, callback: Any, *args: Any, context: Any = None) -> events.TimerHandle:
        self._check_closed()
        timer = _Timer(when, callback, args, self, context)
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer

    def advance(self, ms: int) -> None:
        """Run everything that happens in the next `ms` ms, up to and including that instant."""
        done = self.create_future()
        self.call_at(self.time() + ms, done.set_result, None)
        self._run(done)
        while self._ready or (self._scheduled and self._scheduled[0].when() <= self.time()):
            self._run(asyncio.sleep(0))


class Model:
    """The fake accelerator: one batch at a time; a batch of n inputs takes `base + per_item * n` ms
    of virtual time and returns `[3 * x + 1 for x in inputs]`."""

    def __init__(self, max_batch: int, base: int = 10, per_item: int = 1) -> None:
        self.max_batch, self.base, self.per_item = max_batch, base, per_item
        self.batches: list[tuple[int, int, list[int]]] = []   # (start, end, inputs) per batch
        self.running = False

    async def __call__(self, inputs: list[int]) -> list[int]:
        if self.running:
            raise RuntimeError("the model is already running a batch")
        if not 1 <= len(inputs) <= self.max_batch:
            raise ValueError(f"a batch holds 1..{self.max_batch} inputs, not {len(inputs)}")
        loop = asyncio.get_running_loop()
        self.running, start = True, loop.time()
        try:
            await asyncio.sleep(self.base + self.per_item * len(inputs))
        finally:
            self.running = False
        self.batches.append((int(start), int(loop.time()), list(inputs)))
        return [3 * x + 1 for x in inputs]


class Sim:
    """What the tests drive: a virtual loop, a model, your Batcher, and one client task per request.

    `Sim(max_batch=4, max_wait=20, ...)` passes every keyword except `base` and `per_item`
    (the model's timing) on to `Batcher(model, ...)`.
    """

    def __init__(self, base: int = 10, per_item: int = 1, **options: Any) -> None:
        self.loop = VirtualLoop()
        self.model = Model(options["max_batch"], base, per_item)
        self.outcomes: dict[int, tuple[str, Any, int]] = {}
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._next = 0
        asyncio.set_event_loop(self.loop)
        self.batcher = self.loop.run_until_complete(self._make(options))

    async def _make(self, options: dict[str, Any]) -> Any:
        return _batcher.Batcher(self.model, **options)

    def now(self) -> int:
        return int(self.loop.time())

    def submit(self, x: int, at: int | None = None, **kwargs: Any) -> int:
        """A client calls `await batcher.infer(x, **kwargs)` at time `at` (default: now). Its id."""
        rid, self._next = self._next, self._next + 1
        self._at(at, self._start, rid, x, kwargs)
        return rid

    def _at(self, at: int | None, callback: Any, *args: Any) -> None:
        when = self.loop.time() if at is None else at
        if when < self.loop.time():
            raise ValueError("at is in the past")
        self.loop.call_at(when, callback, *args)

    def submit_many(self, requests: list[tuple[int, int, dict[str, Any]]]) -> list[int]:
        """`submit(x, at, **kwargs)` for each `(at, x, kwargs)`, in order."""
        return [self.submit(x, at, **kwargs) for at, x, kwargs in requests]

    def _start(self, rid: int, x: int, kwargs: dict[str, Any]) -> None:
        self._tasks[rid] = self.loop.create_task(self._client(rid, x, kwargs))

    async def _client(self, rid: int, x: int, kwargs: dict[str, Any]) -> None:
        try:
            value = await self.batcher.infer(x, **kwargs)
            self.outcomes[rid] = ("ok", value, self.now())
        except asyncio.CancelledError:
            self.outcomes[rid] = ("cancelled", None, self.now())
        except TimeoutError:
            self.outcomes[rid] = ("timeout", None, self.now())
        except Exception as exc:  # the test decides whether this was expected
            self.outcomes[rid] = (type(exc).__name__, str(exc), self.now())

    def cancel(self, rid: int, at: int | None = None) -> None:
        """Cancel request `rid`'s client task at time `at` (default: now)."""
        self._at(at, lambda: self._tasks[rid].cancel())

    def close(self, at: int | None = None) -> int:
        """At time `at`, a task calls `await batcher.close()`; its outcome is recorded under the id returned."""
        rid, self._next = self._next, self._next + 1
        self._at(at, self._start_closer, rid)
        return rid

    def _start_closer(self, rid: int) -> None:
        self._tasks[rid] = self.loop.create_task(self._closer(rid))

    async def _closer(self, rid: int) -> None:
        await self.batcher.close()
        self.outcomes[rid] = ("closed", None, self.now())

    def advance(self, ms: int) -> None:
        """Move virtual time on by `ms` ms, running everything due."""
        self.loop.advance(ms)

    def results(self) -> dict[int, tuple[str, Any, int]]:
        """Finished requests: id -> (status, value, time). Status "ok" (value: the model's output),
        "timeout", "cancelled", "closed" (a close() call), or the name of an exception infer raised."""
        return dict(self.outcomes)

    def batches(self) -> list[tuple[int, int, list[int]]]:
        """Every batch the model finished: (start, end, inputs)."""
        return list(self.model.batches)

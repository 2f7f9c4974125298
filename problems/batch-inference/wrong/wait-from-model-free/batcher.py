"""Micro-batching in front of a model: known wrong: max_wait counts from when the model became free."""

from __future__ import annotations

import asyncio
import itertools
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

Model = Callable[[list[int]], Awaitable[list[int]]]


class _Request:
    __slots__ = ("x", "priority", "enqueued", "seq", "future", "gone")

    def __init__(self, x: int, priority: int, enqueued: float, seq: int, future: asyncio.Future[int]) -> None:
        self.x, self.priority, self.enqueued, self.seq = x, priority, enqueued, seq
        self.future, self.gone = future, False


class Batcher:
    def __init__(self, model: Model, max_batch: int, max_wait: int, max_queue: int | None = None,
                 aging: int | None = None) -> None:
        if max_batch < 1 or max_wait < 0 or (max_queue is not None and max_queue < 1):
            raise ValueError("max_batch >= 1, max_wait >= 0, max_queue >= 1")
        if aging is not None and aging < 1:
            raise ValueError("aging >= 1")
        self.model, self.max_batch, self.max_wait = model, max_batch, max_wait
        self.max_queue, self.aging = max_queue, aging
        self.loop = asyncio.get_running_loop()
        self._levels: dict[int, deque[_Request]] = {}     # priority -> FIFO of waiting requests
        self._arrivals: deque[_Request] = deque()          # every waiting request, oldest first
        self._waiting = 0                                  # requests in the queue (not gone)
        self._room: deque[asyncio.Future[None]] = deque()  # callers waiting for room, FIFO
        self._reserved = 0                                 # places promised to admitted callers
        self._seq = itertools.count()
        self._running = False
        self._free_since = 0.0
        self._timer: asyncio.TimerHandle | None = None
        self._closed = False
        self._idle = asyncio.Event()
        self._idle.set()

    # ---- callers ---------------------------------------------------------------
    async def infer(self, x: int, priority: int = 0, timeout: int | None = None) -> int:
        if self._closed:
            raise RuntimeError("the batcher is closed")
        if type(priority) is not int or not 0 <= priority <= 9:
            raise ValueError("priority is an int in 0..9")
        if timeout is None:
            return await self._infer(x, priority)
        async with asyncio.timeout(timeout):
            return await self._infer(x, priority)

    async def _infer(self, x: int, priority: int) -> int:
        if await self._admission():
            self._reserved -= 1  # the place held for this caller becomes its place in the queue
        request = _Request(x, priority, self.loop.time(), next(self._seq), self.loop.create_future())
        self._levels.setdefault(priority, deque()).append(request)
        self._arrivals.append(request)
        self._waiting += 1
        self._idle.clear()
        self._schedule()
        try:
            return await request.future
        except asyncio.CancelledError:
            if not request.gone:  # still queued: take it out, never send it
                request.gone = True
                self._waiting -= 1
                self._admit()
                self._schedule()
            raise

    async def _admission(self) -> bool:
        """Wait for room in the queue (FIFO). True when a place was reserved for this caller."""
        if self.max_queue is None or (not self._room and self._waiting + self._reserved < self.max_queue):
            return False
        room = self.loop.create_future()
        self._room.append(room)
        self._idle.clear()
        try:
            await room
        except asyncio.CancelledError:
            if room.cancelled():
                self._room.remove(room)
            else:  # admitted, then cancelled before it could take its place: pass the place on
                self._reserved -= 1
                self._admit()
            self._schedule()
            raise
        return True

    def _admit(self) -> None:
        while self._room and self._waiting + self._reserved < self.max_queue:  # type: ignore[operator]
            self._room.popleft().set_result(None)
            self._reserved += 1

    async def close(self) -> None:
        self._closed = True
        self._schedule()
        await self._idle.wait()

    # ---- the batch loop ----------------------------------------------------------
    def _oldest(self) -> _Request | None:
        while self._arrivals and self._arrivals[0].gone:
            self._arrivals.popleft()
        return self._arrivals[0] if self._arrivals else None

    def _schedule(self) -> None:
        """Start a batch now if the rules say so; otherwise arm the max_wait timer."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._running:
            return
        oldest = self._oldest()
        if oldest is None:
            if not self._room and not self._reserved:
                self._idle.set()
            return
        due = max(oldest.enqueued, self._free_since) + self.max_wait
        if self._waiting >= self.max_batch or self._closed or due <= self.loop.time():
            self._running = True
            self.loop.create_task(self._run(self._take()))
        else:
            self._timer = self.loop.call_at(due, self._schedule)

    def _effective(self, request: _Request, now: float) -> int:
        if self.aging is None:
            return request.priority
        return request.priority + int((now - request.enqueued) // self.aging)

    def _take(self) -> list[_Request]:
        now, batch = self.loop.time(), []
        while len(batch) < self.max_batch and self._waiting:
            heads = []
            for level, queue in self._levels.items():
                while queue and queue[0].gone:
                    queue.popleft()
                if queue:
                    r = queue[0]
                    heads.append((-self._effective(r, now), r.seq, level))
            _, _, level = min(heads)
            request = self._levels[level].popleft()
            request.gone = True
            self._waiting -= 1
            batch.append(request)
        if self.max_queue is not None:
            self._admit()
        return batch

    async def _run(self, batch: list[_Request]) -> None:
        try:
            outputs = await self.model([r.x for r in batch])
        except Exception as exc:  # every caller of the batch gets the failure
            for r in batch:
                if not r.future.done():
                    r.future.set_exception(exc)
        else:
            for r, y in zip(batch, outputs):
                if not r.future.done():
                    r.future.set_result(y)
        finally:
            self._running = False
            self._free_since = self.loop.time()
            self._schedule()

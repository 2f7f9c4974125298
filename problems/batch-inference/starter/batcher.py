"""Micro-batching in front of a model.

Implement the class below level by level; the statements in your session say
exactly what each method must do. `sim.py` (given, do not change it) runs your
code on an event loop with a virtual clock; read it first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

Model = Callable[[list[int]], Awaitable[list[int]]]


class Batcher:
    def __init__(self, model: Model, max_batch: int, max_wait: int, max_queue: int | None = None,
                 aging: int | None = None) -> None:
        """Created by sim.Sim inside the running event loop."""
        self.model = model
        self.max_batch = max_batch
        self.max_wait = max_wait
        self.loop = asyncio.get_running_loop()

    async def infer(self, x: int, priority: int = 0, timeout: int | None = None) -> int:
        """The model's output for x, computed in a micro-batch."""
        raise NotImplementedError

    async def close(self) -> None:
        """Level 2: refuse new requests, answer every accepted one, then return."""
        raise NotImplementedError

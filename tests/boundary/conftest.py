"""Helpers for the boundary's host tests: a submission folder and a Boundary on it."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from validators.boundary import Boundary, local_spawn

Make = Callable[..., Boundary]


@pytest.fixture
def make_boundary(tmp_path: Path) -> Iterator[Make]:
    """``make_boundary(code, cpu=2.0, name="sub")``: a Boundary whose submission is ``code``."""
    made: list[Boundary] = []

    def make(code: str, cpu: float = 2.0, name: str = "sub", output_cap: int = 10_000,
             wall: float | None = None, **kwargs: object) -> Boundary:
        folder = tmp_path / "submission"
        folder.mkdir(exist_ok=True)
        (folder / f"{name}.py").write_text(textwrap.dedent(code))
        boundary = Boundary(kwargs.pop("spawn", None) or local_spawn(str(folder)),  # type: ignore[arg-type]
                            str(folder), cpu_limit=cpu, wall_limit=wall or 3 * cpu + 1,
                            output_cap=output_cap, **kwargs)  # type: ignore[arg-type]
        made.append(boundary)
        return boundary

    yield make
    for boundary in made:
        boundary.close()

"""Command-line parameter types: the one place where paths from the command line enter."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

__all__ = ["AbsolutePath"]


class AbsolutePath(click.Path):
    """A click.Path made absolute where it enters (issue 11: a relative --problems-dir was
    stored as given, so later commands run elsewhere, abandon included, could not find it)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(path_type=Path, **kwargs)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        return Path(os.fsdecode(super().convert(value, param, ctx))).absolute()

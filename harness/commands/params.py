"""Command-line parameter types: the one place where paths from the command line enter."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

__all__ = ["AbsolutePath", "GlobalOptions", "global_options"]


@dataclass(frozen=True)
class GlobalOptions:
    """The options given before the command (`harness --backend local validate`)."""

    backend: str = "docker"
    problems_dirs: tuple[Path, ...] = ()


def global_options(ctx: click.Context) -> GlobalOptions:
    """The root command's options, as one typed value (defaults when run alone)."""
    found = ctx.find_root().obj
    return found if isinstance(found, GlobalOptions) else GlobalOptions()


class AbsolutePath(click.Path):
    """A click.Path made absolute where it enters (issue 11: a relative --problems-dir was
    stored as given, so later commands run elsewhere, abandon included, could not find it)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(path_type=Path, **kwargs)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        return Path(os.fsdecode(super().convert(value, param, ctx))).absolute()

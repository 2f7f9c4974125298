"""Stand-in modules for collecting a suite without the submission it imports.

Collect mode asks "which test ids does this suite have?" before any submission
code runs.  Test modules import the submission at the top; this finder answers
those imports with an inert module whose every attribute is an inert object.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types
from collections.abc import Iterator, Sequence
from typing import Any

__all__ = ["install"]


class Inert:
    """Absorbs attribute access, calls, indexing and iteration."""

    def __getattr__(self, _name: str) -> Inert:
        return self

    def __call__(self, *_a: Any, **_k: Any) -> Inert:
        return self

    def __getitem__(self, _key: Any) -> Inert:
        return self

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __mro_entries__(self, _bases: tuple[Any, ...]) -> tuple[type, ...]:
        return (object,)


class _InertModule(types.ModuleType):
    def __getattr__(self, _name: str) -> Inert:
        if _name.startswith("__"):
            raise AttributeError(_name)
        return Inert()


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname in sys.stdlib_module_names or fullname.split(".", maxsplit=1)[0] in {"pytest", "_pytest"}:
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = _InertModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        return None


def install() -> None:
    """Append the finder: real modules (stdlib, numpy, pytest) still win."""
    sys.meta_path.append(_Finder())

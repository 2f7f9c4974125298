"""The import hook of the tests' process: the submission's modules become proxies.

Which names are the submission's is decided once, from a listing of its folder
(``name.py``, a folder ``name/``, an extension ``name.*.so``), before any of its
code runs; nothing is read or executed here.  The finder goes last on
``sys.meta_path``, and the standard library is never claimed, so a submission
shipping ``json.py`` cannot stand in for a module the tests use.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
import types
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from validators.boundary.remote import Proxy

if TYPE_CHECKING:
    from validators.boundary.boundary import Boundary

__all__ = ["ModuleProxy", "install", "submission_modules"]

_NEVER = frozenset({"validators", "pytest", "_pytest", "pluggy", "numpy"})


def submission_modules(folder: str) -> frozenset[str]:
    """Top-level module names the folder provides (by listing only)."""
    names = set()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return frozenset()
    for entry in entries:
        stem = entry.name.split(".", 1)[0]
        is_module = entry.name.endswith(".py") or (entry.name.endswith(".so") and "." in entry.name)
        if (is_module and entry.is_file(follow_symlinks=False)) or entry.is_dir(follow_symlinks=False):
            names.add(stem if is_module else entry.name)
    return frozenset(n for n in names if n.isidentifier() and n not in sys.stdlib_module_names
                     and n not in _NEVER and not n.startswith("__"))


class ModuleProxy(types.ModuleType):
    """A module in the tests' ``sys.modules`` whose attributes live in the submission."""

    _bd_remote: Proxy

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__") and name not in ("__all__", "__version__"):
            raise AttributeError(name)
        return getattr(self.__dict__["_bd_remote"], name)


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self, boundary: Boundary, names: frozenset[str]) -> None:
        self.boundary = boundary
        self.names = names

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: types.ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname.split(".", 1)[0] not in self.names:
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = ModuleProxy(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        module.__dict__["_bd_remote"] = self.boundary.import_module(module.__name__)


def install(boundary: Boundary) -> None:
    """Append the finder for the submission's modules to ``sys.meta_path``."""
    sys.meta_path.append(_Finder(boundary, submission_modules(boundary.submission_dir)))

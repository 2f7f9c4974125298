"""Turn pydantic's errors on problem.yaml into lines an author can act on.

Each line names the field the way the author wrote it (``levels[l2].statement``,
``wrong[too-slow].expect``, not zero-based indexes), says what is wrong, and
where it can, the fix: the closest valid key for an unknown one.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

__all__ = ["describe_errors"]

# Lists whose items carry a name the author knows them by.
_ITEM_NAMES = {"levels": "id", "wrong": "name"}


def describe_errors(model: type[BaseModel], data: object, exc: ValidationError) -> list[str]:
    """One line per error: ``field: what is wrong (the fix)``."""
    return [_line(model, data, err) for err in exc.errors()]


def _line(model: type[BaseModel], data: object, err: Any) -> str:
    loc: tuple[int | str, ...] = tuple(err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        parent, key = loc[:-1], str(loc[-1])
        return f"{_where(data, parent) or '(top level)'}: unknown key {key!r}{_suggest(model, parent, key)}"
    where = _where(data, loc) or "(top level)"
    if kind == "missing":
        return f"{where}: required field is missing"
    got = err.get("input")
    shown = "" if isinstance(got, dict) else f" (got {got!r})"
    return f"{where}: {err['msg']}{shown}"


def _where(data: object, loc: Sequence[int | str]) -> str:
    """``levels[l2].visible``: list items by their id or name where they have one."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            label = _item_label(out, node, part)
            out += f"[{label}]"
        else:
            out += f".{part}" if out else str(part)
        node = _child(node, part)
    return out


def _item_label(path: str, node: object, index: int) -> str:
    field = path.rsplit(".", 1)[-1].split("[", 1)[0]
    key = _ITEM_NAMES.get(field)
    if key and isinstance(node, list) and index < len(node) and isinstance(node[index], dict):
        name = node[index].get(key)
        if isinstance(name, str) and name:
            return name
    return f"#{index + 1}"  # one-based: the first item is #1


def _child(node: object, part: int | str) -> object:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and part < len(node):
        return node[part]
    return None


def _suggest(model: type[BaseModel], parent: Sequence[int | str], key: str) -> str:
    owner = _model_at(model, parent)
    if owner is None:
        return ""
    fields = list(owner.model_fields)
    close = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
    if close:
        return f": did you mean {close[0]!r}?"
    return f" (valid keys here: {', '.join(fields)})"


def _model_at(model: type[BaseModel], loc: Sequence[int | str]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue  # a list index: the item's model is already current
        field = current.model_fields.get(part)
        current = _model_in(field.annotation) if field else None
    return current


def _model_in(annotation: object) -> type[BaseModel] | None:
    """The BaseModel inside ``list[X]``, ``X | None``, ``Annotated[X, ...]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None and not isinstance(annotation, types.UnionType):
        return None
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None

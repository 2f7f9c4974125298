"""Parse JSON and YAML that came from outside (a sandbox, a package, an import), bounded.

Size is checked before anything is parsed, and so is depth: a cheap scan of the
raw bytes refuses ``'[' * 100000`` before the JSON parser recurses on it
(issue 11: its RecursionError ended a whole batch).  YAML is read by a
SafeLoader that refuses aliases, so a kilobyte "billion laughs" is an error in
microseconds instead of gigabytes.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from harness.limits import JSON_DEPTH, YAML_BYTES

__all__ = ["DocumentRefused", "json_depth_ok", "load_json", "load_yaml"]

_KEEP = b'[]{}"'
_OTHERS = bytes(b for b in range(256) if b not in _KEEP)
_STRING = re.compile(rb'"[^"]*"')


class DocumentRefused(ValueError):
    """A document too large or too deep to parse, or not valid."""


def _brackets(raw: bytes) -> bytes:
    """The brackets of ``raw`` that lie outside strings, in order (C-speed steps only).

    Escapes go first (backslash pairs, then escaped quotes), so every quote left
    opens or closes a string; up to the first byte that is not JSON, this agrees
    with the parser, which stops there."""
    bare = raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _OTHERS)
    return _STRING.sub(b"", bare).replace(b'"', b"")


def json_depth_ok(raw: bytes, depth: int = JSON_DEPTH) -> bool:
    """Whether brackets nest at most ``depth`` deep, without parsing.

    Each step deletes the innermost ``[]`` pairs, then the innermost ``{}`` pairs,
    and counts as a level (so a mix of both can count double: the safe side).
    Brackets that no step can pair (unbalanced) count as nesting, all of them."""
    brackets = _brackets(raw)
    for level in range(depth + 1):
        if not brackets:
            return True
        paired = brackets.replace(b"[]", b"")
        if len(paired) == len(brackets):
            paired = brackets.replace(b"{}", b"")
        if len(paired) == len(brackets):
            return level + brackets.count(b"[") + brackets.count(b"{") <= depth
        brackets = paired
    return False


def load_json(raw: bytes, *, cap: int, what: str, depth: int = JSON_DEPTH) -> Any:
    """``raw`` parsed, or DocumentRefused saying why (size, depth, syntax)."""
    if len(raw) > cap:
        raise DocumentRefused(f"{what} is larger than {cap} bytes")
    if not json_depth_ok(raw, depth):
        raise DocumentRefused(f"{what} nests deeper than {depth} levels")
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise DocumentRefused(f"{what} is not valid JSON: {str(exc)[:200]}") from exc


@cache
def _loader() -> type[Any]:
    import yaml

    class NoAliases(yaml.SafeLoader):
        """SafeLoader that refuses ``*alias`` references (the billion-laughs vector)."""

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise yaml.composer.ComposerError(
                    None, None, "YAML aliases (*name) are not allowed here", mark)
            return super().compose_node(parent, index)

    return NoAliases


def load_yaml(raw: bytes, *, what: str, cap: int = YAML_BYTES) -> Any:
    """``raw`` parsed as YAML with no aliases; yaml.YAMLError (with a mark) on bad
    syntax, DocumentRefused when too large, too deep or not UTF-8."""
    import yaml

    if len(raw) > cap:
        raise DocumentRefused(f"{what} is larger than {cap >> 10} KiB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentRefused(f"{what} is not UTF-8 text") from exc
    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except RecursionError as exc:
        raise DocumentRefused(f"{what} nests too deeply") from exc

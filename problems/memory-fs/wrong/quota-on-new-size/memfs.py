"""Wrong: the quota check uses the new file size, not the change in total size.

Every node knows its parent and the total UTF-8 size of its subtree, so a
write touches only the nodes on its path (O(depth)), ``size`` is O(depth) to
resolve plus O(1), and the whole-tree usage is the root's size.
"""

from __future__ import annotations

import posixpath


class QuotaExceededError(Exception):
    """A change would make the total size of all files exceed the quota."""


class _Node:
    __slots__ = ("children", "content", "name", "parent", "size")

    def __init__(self, name: str, parent: _Node | None, content: str | None) -> None:
        self.name = name
        self.parent = parent
        self.content = content                       # None for a directory
        self.children: dict[str, _Node] | None = {} if content is None else None
        self.size = 0 if content is None else len(content.encode("utf-8"))

    @property
    def is_dir(self) -> bool:
        return self.content is None


def _parts(path: str) -> list[str]:
    if type(path) is not str or not path.startswith("/"):
        raise ValueError(f"not an absolute path: {path!r}")
    if path == "/":
        return []
    parts = path[1:].split("/")
    for part in parts:
        _check_name(part, path)
    return parts


def _check_name(name: str, context: str) -> None:
    if type(name) is not str or name in ("", ".", "..") or "/" in name:
        raise ValueError(f"invalid name {name!r} in {context!r}")


def _join(parent: str, name: str) -> str:
    return "/" + name if parent == "/" else parent + "/" + name


def _path_of(node: _Node) -> str:
    names = []
    while node.parent is not None:
        names.append(node.name)
        node = node.parent
    return "/" + "/".join(reversed(names))


def _candidate(name: str, k: int, is_dir: bool) -> str:
    stem, ext = (name, "") if is_dir else posixpath.splitext(name)
    return f"{stem} ({k}){ext}"


class MemoryFS:
    def __init__(self, quota: int | None = None) -> None:
        self._root = _Node("", None, None)
        self._quota: int | None = None
        self.set_quota(quota)

    # ------------------------------------------------------------ internals
    def _walk(self, parts: list[str]) -> _Node:
        """The node at ``parts``; every proper prefix must be a directory."""
        node = self._root
        for i, part in enumerate(parts):
            if not node.is_dir:
                raise NotADirectoryError("/" + "/".join(parts[:i]))
            child = node.children.get(part)
            if child is None:
                raise FileNotFoundError("/" + "/".join(parts[: i + 1]))
            node = child
        return node

    def _dir(self, parts: list[str]) -> _Node:
        node = self._walk(parts)
        if not node.is_dir:
            raise NotADirectoryError("/" + "/".join(parts))
        return node

    def _check_quota(self, delta: int) -> None:
        if delta > 0 and self._quota is not None and self._root.size + delta > self._quota:
            raise QuotaExceededError(
                f"{self._root.size} + {delta} bytes would exceed the quota of {self._quota}")

    @staticmethod
    def _add_size(node: _Node | None, delta: int) -> None:
        while node is not None:
            node.size += delta
            node = node.parent

    def _attach(self, parent: _Node, node: _Node) -> None:
        node.parent = parent
        parent.children[node.name] = node
        self._add_size(parent, node.size)

    def _detach(self, node: _Node) -> None:
        parent = node.parent
        del parent.children[node.name]
        self._add_size(parent, -node.size)
        node.parent = None

    @staticmethod
    def _free_name(parent: _Node, name: str, is_dir: bool) -> str:
        if name not in parent.children:
            return name
        k = 1
        while _candidate(name, k, is_dir) in parent.children:
            k += 1
        return _candidate(name, k, is_dir)

    def _put(self, path: str, content: str, append: bool) -> None:
        if type(content) is not str:
            raise TypeError("content must be a str")
        parts = _parts(path)
        if not parts:
            raise IsADirectoryError("/")
        parent = self._dir(parts[:-1])
        node = parent.children.get(parts[-1])
        if node is not None and node.is_dir:
            raise IsADirectoryError(path)
        added = len(content.encode("utf-8"))
        old = 0 if node is None else node.size
        new = old + added if append else added
        self._check_quota(new if new > old else new - old)
        if node is None:
            self._attach(parent, _Node(parts[-1], parent, content))
        else:
            node.content = node.content + content if append else content
            node.size = new
            self._add_size(parent, new - old)

    # -------------------------------------------------------------- level 1
    def mkdir(self, path: str) -> None:
        node = self._root
        for i, part in enumerate(parts := _parts(path)):
            child = node.children.get(part)
            if child is None:
                child = _Node(part, node, None)
                node.children[part] = child
            elif not child.is_dir:
                where = "/" + "/".join(parts[: i + 1])
                raise FileExistsError(where) if i == len(parts) - 1 else NotADirectoryError(where)
            node = child

    def ls(self, path: str) -> list[str]:
        node = self._walk(_parts(path))
        return sorted(node.children) if node.is_dir else [node.name]

    def write(self, path: str, content: str) -> None:
        self._put(path, content, append=False)

    def read(self, path: str) -> str:
        node = self._walk(_parts(path))
        if node.is_dir:
            raise IsADirectoryError(path)
        return node.content

    # -------------------------------------------------------------- level 2
    def append(self, path: str, content: str) -> None:
        self._put(path, content, append=True)

    def size(self, path: str) -> int:
        return self._walk(_parts(path)).size

    def remove(self, path: str) -> None:
        parts = _parts(path)
        if not parts:
            raise ValueError("cannot remove the root directory")
        self._detach(self._walk(parts))

    # -------------------------------------------------------------- level 3
    def set_quota(self, quota: int | None) -> None:
        if quota is not None and (type(quota) is not int or quota < 0):
            raise ValueError(f"quota must be None or an int >= 0, got {quota!r}")
        self._quota = quota

    def usage(self) -> int:
        return self._root.size

    # -------------------------------------------------------------- level 4
    def _source_and_target(self, src: str, dst_dir: str) -> tuple[_Node, _Node]:
        src_parts = _parts(src)
        if not src_parts:
            raise ValueError("the root directory cannot be moved or copied")
        node = self._walk(src_parts)
        target = self._dir(_parts(dst_dir))
        ancestor: _Node | None = target
        while ancestor is not None:
            if ancestor is node:
                raise ValueError(f"cannot put {src!r} inside itself")
            ancestor = ancestor.parent
        return node, target

    def move(self, src: str, dst_dir: str) -> str:
        node, target = self._source_and_target(src, dst_dir)
        if node.parent is target:
            return _path_of(node)
        name = self._free_name(target, node.name, node.is_dir)
        self._detach(node)
        node.name = name
        self._attach(target, node)
        return _path_of(node)

    def rename(self, path: str, new_name: str) -> str:
        parts = _parts(path)
        _check_name(new_name, new_name)
        if not parts:
            raise ValueError("the root directory cannot be renamed")
        node = self._walk(parts)
        if new_name == node.name:
            return _path_of(node)
        parent = node.parent
        del parent.children[node.name]
        node.name = self._free_name(parent, new_name, node.is_dir)
        parent.children[node.name] = node
        return _path_of(node)

    def copy(self, src: str, dst_dir: str) -> str:
        node, target = self._source_and_target(src, dst_dir)
        self._check_quota(node.size)
        clone = self._clone(node, None)
        clone.name = self._free_name(target, node.name, node.is_dir)
        self._attach(target, clone)
        return _path_of(clone)

    def _clone(self, node: _Node, parent: _Node | None) -> _Node:
        copy = _Node(node.name, parent, node.content)
        copy.size = node.size
        if node.is_dir:
            for name, child in node.children.items():
                copy.children[name] = self._clone(child, copy)
        return copy

"""Correct but naive: sizes are never stored; size() walks the subtree and
every quota check walks the whole tree."""

from __future__ import annotations

import posixpath


class QuotaExceededError(Exception):
    pass


def _parts(path):
    if type(path) is not str or not path.startswith("/"):
        raise ValueError(path)
    if path == "/":
        return []
    parts = path[1:].split("/")
    for p in parts:
        if p in ("", ".", ".."):
            raise ValueError(path)
    return parts


class MemoryFS:
    def __init__(self, quota=None):
        self.root = {}            # a directory is a dict; a file is a str
        self.quota = None
        self.set_quota(quota)

    def _get(self, parts):
        node = self.root
        for i, p in enumerate(parts):
            if not isinstance(node, dict):
                raise NotADirectoryError("/".join(parts[:i]))
            if p not in node:
                raise FileNotFoundError(p)
            node = node[p]
        return node

    def _getdir(self, parts):
        node = self._get(parts)
        if not isinstance(node, dict):
            raise NotADirectoryError("/".join(parts))
        return node

    @staticmethod
    def _size(node):
        if isinstance(node, str):
            return len(node.encode("utf-8"))
        return sum(MemoryFS._size(child) for child in node.values())

    def _check(self, delta):
        if delta > 0 and self.quota is not None and self._size(self.root) + delta > self.quota:
            raise QuotaExceededError()

    def mkdir(self, path):
        parts = _parts(path)
        node = self.root
        for i, p in enumerate(parts):
            if p not in node:
                node[p] = {}
            elif not isinstance(node[p], dict):
                raise FileExistsError(path) if i == len(parts) - 1 else NotADirectoryError(path)
            node = node[p]

    def _put(self, path, content, append):
        parts = _parts(path)
        if not parts:
            raise IsADirectoryError(path)
        parent = self._getdir(parts[:-1])
        old = parent.get(parts[-1])
        if isinstance(old, dict):
            raise IsADirectoryError(path)
        new = (old or "") + content if append else content
        self._check(len(new.encode("utf-8")) - len((old or "").encode("utf-8")))
        parent[parts[-1]] = new

    def write(self, path, content):
        self._put(path, content, False)

    def append(self, path, content):
        self._put(path, content, True)

    def read(self, path):
        node = self._get(_parts(path))
        if isinstance(node, dict):
            raise IsADirectoryError(path)
        return node

    def ls(self, path):
        parts = _parts(path)
        node = self._get(parts)
        return sorted(node) if isinstance(node, dict) else [parts[-1]]

    def size(self, path):
        return self._size(self._get(_parts(path)))

    def remove(self, path):
        parts = _parts(path)
        if not parts:
            raise ValueError(path)
        self._get(parts)
        del self._getdir(parts[:-1])[parts[-1]]

    def set_quota(self, quota):
        if quota is not None and (type(quota) is not int or quota < 0):
            raise ValueError(quota)
        self.quota = quota

    def usage(self):
        return self._size(self.root)

    @staticmethod
    def _free(parent, name, is_dir):
        if name not in parent:
            return name
        stem, ext = (name, "") if is_dir else posixpath.splitext(name)
        k = 1
        while f"{stem} ({k}){ext}" in parent:
            k += 1
        return f"{stem} ({k}){ext}"

    def _prep(self, src, dst_dir):
        sp = _parts(src)
        if not sp:
            raise ValueError(src)
        node = self._get(sp)
        dp = _parts(dst_dir)
        target = self._getdir(dp)
        if isinstance(node, dict) and dp[: len(sp)] == sp:
            raise ValueError("into itself")
        return sp, dp, node, target

    @staticmethod
    def _path(parts):
        return "/" + "/".join(parts)

    def move(self, src, dst_dir):
        sp, dp, node, target = self._prep(src, dst_dir)
        if dp == sp[:-1]:
            return src
        name = self._free(target, sp[-1], isinstance(node, dict))
        del self._getdir(sp[:-1])[sp[-1]]
        target[name] = node
        return self._path(dp + [name])

    def rename(self, path, new_name):
        parts = _parts(path)
        if type(new_name) is not str or new_name in ("", ".", "..") or "/" in new_name:
            raise ValueError(new_name)
        if not parts:
            raise ValueError(path)
        node = self._get(parts)
        if new_name == parts[-1]:
            return path
        parent = self._getdir(parts[:-1])
        del parent[parts[-1]]
        name = self._free(parent, new_name, isinstance(node, dict))
        parent[name] = node
        return self._path(parts[:-1] + [name])

    @staticmethod
    def _clone(node):
        if isinstance(node, str):
            return node
        return {k: MemoryFS._clone(v) for k, v in node.items()}

    def copy(self, src, dst_dir):
        sp, dp, node, target = self._prep(src, dst_dir)
        self._check(self._size(node))
        name = self._free(target, sp[-1], isinstance(node, dict))
        target[name] = self._clone(node)
        return self._path(dp + [name])

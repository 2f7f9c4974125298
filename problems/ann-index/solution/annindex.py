"""Approximate nearest-neighbour index (IVF): reference solution."""

from __future__ import annotations

import io
import json

import numpy as np

Meta = dict[str, str | int]


def _unit_rows(vectors: object, dim: int) -> np.ndarray:
    arr = np.asarray(vectors, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[1] != dim or not np.isfinite(arr).all():
        raise ValueError(f"vectors must be a finite (n, {dim}) array")
    norms = np.linalg.norm(arr, axis=1)
    if (norms == 0).any():
        raise ValueError("a zero vector has no direction")
    return arr / norms[:, None]


def _check_meta(metadata: list[Meta] | None, n: int) -> list[Meta]:
    if metadata is None:
        return [{} for _ in range(n)]
    if len(metadata) != n:
        raise ValueError("one metadata dict per vector")
    for m in metadata:
        if type(m) is not dict or any(type(k) is not str or type(v) not in (str, int) for k, v in m.items()):
            raise ValueError("metadata maps str keys to str or int values")
    return [dict(m) for m in metadata]


class VectorIndex:
    def __init__(self, dim: int) -> None:
        if type(dim) is not int or dim < 1:
            raise ValueError("dim must be an int >= 1")
        self.dim = dim
        self.distance_count = 0
        self._vecs = np.zeros((0, dim))
        self._ids: list[int] = []
        self._id_arr = np.zeros(0, dtype=np.int64)
        self._meta: list[Meta] = []
        self._alive = np.zeros(0, dtype=bool)
        self._row: dict[int, int] = {}
        self._centroids: np.ndarray | None = None
        self._lists: list[list[int]] = []   # rows per list (dead rows pruned lazily)
        self._masks: dict[tuple[tuple[str, str | int], ...], np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._row)

    # ---- level 1 / 3 / 4: adding and deleting ---------------------------------
    def add(self, ids: list[int], vectors: object, metadata: list[Meta] | None = None) -> None:
        ids = list(ids)
        if any(type(i) is not int for i in ids) or len(set(ids)) != len(ids):
            raise ValueError("ids must be distinct ints")
        if any(i in self._row for i in ids):
            raise ValueError("id already in the index")
        unit = _unit_rows(vectors, self.dim)
        if len(unit) != len(ids):
            raise ValueError("one vector per id")
        meta = _check_meta(metadata, len(ids))
        start = len(self._ids)
        self._vecs = np.vstack([self._vecs, unit])
        self._ids += ids
        self._id_arr = np.array(self._ids, dtype=np.int64)
        self._meta += meta
        self._alive = np.concatenate([self._alive, np.ones(len(ids), dtype=bool)])
        self._row.update((i, start + j) for j, i in enumerate(ids))
        self._masks.clear()
        if self._centroids is not None and ids:
            for j, c in enumerate(np.argmax(unit @ self._centroids.T, axis=1).tolist()):
                self._lists[c].append(start + j)

    def delete(self, ids: list[int]) -> int:
        removed = 0
        for i in ids:
            row = self._row.pop(i, None)
            if row is not None:
                self._alive[row] = False
                removed += 1
        return removed

    # ---- level 2: the IVF lists ------------------------------------------------
    def build(self, nlist: int, seed: int = 0, iterations: int = 10) -> None:
        rows = np.flatnonzero(self._alive)
        if type(nlist) is not int or not 1 <= nlist <= len(rows):
            raise ValueError("nlist must be an int in 1..len(index)")
        data = self._vecs[rows]
        rng = np.random.default_rng(seed)
        cent = data[rng.choice(len(data), nlist, replace=False)].copy()
        for _ in range(iterations):
            assign = np.argmax(data @ cent.T, axis=1)
            sums = np.stack([np.bincount(assign, weights=col, minlength=nlist) for col in data.T], axis=1)
            norms = np.linalg.norm(sums, axis=1)
            keep = norms > 0
            cent[keep] = sums[keep] / norms[keep, None]
        assign = np.argmax(data @ cent.T, axis=1)
        self._centroids = cent
        self._lists = [[] for _ in range(nlist)]
        for r, c in zip(rows.tolist(), assign.tolist()):
            self._lists[c].append(r)

    # ---- searching -------------------------------------------------------------
    def _mask(self, where: Meta) -> np.ndarray:
        """Which rows match `where` (cached per filter until the next add)."""
        key = tuple(sorted(where.items()))
        if key not in self._masks:
            self._masks[key] = np.array([all(k in m and type(m[k]) is type(v) and m[k] == v for k, v in key)
                                         for m in self._meta], dtype=bool)
        return self._masks[key]

    def _matching(self, rows: np.ndarray, where: Meta | None) -> np.ndarray:
        keep = self._alive[rows]
        if where:
            keep &= self._mask(where)[rows]
        return rows[keep]

    def _score(self, q: np.ndarray, rows: np.ndarray, k: int) -> list[tuple[int, float]]:
        return self._top(rows, self._vecs[rows] @ q, k)

    def _top(self, rows: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
        self.distance_count += len(rows)
        if len(rows) > k:  # keep the k best, and everything tied with the k-th
            kth = np.partition(scores, len(scores) - k)[len(scores) - k]
            rows, scores = rows[scores >= kth], scores[scores >= kth]
        ids = self._id_arr[rows]
        order = np.lexsort((ids, -scores))[:k]
        return [(int(ids[o]), float(scores[o])) for o in order]

    def _candidates(self, q: np.ndarray, k: int, nprobe: int | None, where: Meta | None) -> np.ndarray:
        if nprobe is None:
            return self._matching(np.arange(len(self._ids)), where)
        if self._centroids is None or type(nprobe) is not int or not 1 <= nprobe <= len(self._lists):
            raise ValueError("nprobe needs build() and must be in 1..nlist")
        self.distance_count += len(self._lists)
        sims = self._centroids @ q
        order = np.lexsort((np.arange(len(sims)), -sims))
        found: list[np.ndarray] = []
        total = 0
        for n_probed, c in enumerate(order.tolist(), start=1):
            rows = self._matching(np.asarray(self._lists[c], dtype=np.int64), where)
            found.append(rows)
            total += len(rows)
            if n_probed >= nprobe and (total >= k or not where):
                break
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)

    def search(self, query: object, k: int, nprobe: int | None = None,
               where: Meta | None = None) -> list[tuple[int, float]]:
        q = _unit_rows(np.asarray(query, dtype=np.float64).reshape(1, -1), self.dim)[0] \
            if np.asarray(query).ndim == 1 else None
        if q is None:
            raise ValueError("query must be a 1-D vector")
        if type(k) is not int or k < 1:
            raise ValueError("k must be an int >= 1")
        return self._score(q, self._candidates(q, k, nprobe, where), k)

    def search_many(self, queries: object, k: int, nprobe: int | None = None,
                    where: Meta | None = None) -> list[list[tuple[int, float]]]:
        qs = np.asarray(queries, dtype=np.float64)
        if qs.ndim != 2:
            raise ValueError("queries must be a 2-D array")
        if nprobe is not None or len(qs) == 0:
            return [self.search(q, k, nprobe, where) for q in qs]
        if type(k) is not int or k < 1:
            raise ValueError("k must be an int >= 1")
        rows = self._matching(np.arange(len(self._ids)), where)
        vecs = self._vecs if len(rows) == len(self._vecs) else self._vecs[rows]
        unit, out = _unit_rows(qs, self.dim), []
        for start in range(0, len(unit), 64):  # 64 queries' exact scores per matrix product
            out += [self._top(rows, scores, k) for scores in unit[start:start + 64] @ vecs.T]
        return out

    # ---- level 4: save and load ------------------------------------------------
    def save(self) -> bytes:
        header = {"dim": self.dim, "ids": self._ids, "meta": self._meta,
                  "alive": self._alive.tolist(), "lists": self._lists}
        buf = io.BytesIO()
        arrays = {"vecs": self._vecs, "header": np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)}
        if self._centroids is not None:
            arrays["centroids"] = self._centroids
        np.savez(buf, **arrays)
        return buf.getvalue()

    @classmethod
    def load(cls, data: bytes) -> VectorIndex:
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as z:
                header = json.loads(z["header"].tobytes().decode())
                vecs = np.array(z["vecs"], dtype=np.float64)
                cent = np.array(z["centroids"], dtype=np.float64) if "centroids" in z else None
            index = cls(int(header["dim"]))
            index._restore(header, vecs, cent)
        except ValueError:
            raise
        except Exception as exc:  # truncated zip, missing key, wrong types: all "not an index"
            raise ValueError(f"not a saved index: {exc}") from None
        return index

    def _restore(self, header: dict, vecs: np.ndarray, cent: np.ndarray | None) -> None:
        ids, alive = [int(i) for i in header["ids"]], np.array(header["alive"], dtype=bool)
        if vecs.shape != (len(ids), self.dim) or len(alive) != len(ids):
            raise ValueError("inconsistent saved index")
        self._vecs, self._ids, self._alive = vecs, ids, alive
        self._id_arr = np.array(ids, dtype=np.int64)
        self._meta = [dict(m) for m in header["meta"]]
        self._row = {i: r for r, i in enumerate(ids) if alive[r]}
        self._centroids = cent
        self._lists = [[int(r) for r in rows] for rows in header["lists"]]

"""Reference solution: tokenizer, hashed embeddings, vector store, retrieval evaluation."""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import numpy as np


# ------------------------------------------------------------------ level 1
def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


# On ASCII text the rules reduce to one regular expression.
_ASCII_TOKEN = re.compile(r"(?:[a-z0-9]|(?<=[a-z0-9])'(?=[a-z0-9])|(?<=[0-9])[.,](?=[0-9]))+")


def tokenize(text: str) -> list[str]:
    t = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")
    if t.isascii():
        return _ASCII_TOKEN.findall(t)
    n = len(t)
    tokens: list[str] = []
    start = -1
    for i, ch in enumerate(t):
        if _is_word_char(ch):
            keep = True
        elif ch == "'":
            keep = 0 < i < n - 1 and t[i - 1].isalnum() and t[i + 1].isalnum()
        elif ch in ".,":
            keep = 0 < i < n - 1 and t[i - 1].isdigit() and t[i + 1].isdigit()
        else:
            keep = False
        if keep:
            if start < 0:
                start = i
        elif start >= 0:
            tokens.append(t[start:i])
            start = -1
    if start >= 0:
        tokens.append(t[start:])
    return tokens


# ------------------------------------------------------------------ level 2
class Vocabulary:
    def __init__(
        self, texts: Iterable[str], min_count: int = 1, max_size: int | None = None
    ) -> None:
        if min_count < 1:
            raise ValueError("min_count must be at least 1")
        if max_size is not None and max_size < 0:
            raise ValueError("max_size must be None or >= 0")
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(tokenize(text))
        kept = sorted((t for t, c in counts.items() if c >= min_count), key=lambda t: (-counts[t], t))
        if max_size is not None:
            kept = kept[:max_size]
        self._tokens = kept
        self._ids = {t: i for i, t in enumerate(kept)}
        self._counts = {t: counts[t] for t in kept}

    def __len__(self) -> int:
        return len(self._tokens)

    def __contains__(self, token: object) -> bool:
        return token in self._ids

    def id_of(self, token: str) -> int:
        return self._ids[token]

    def token_of(self, index: int) -> str:
        if not 0 <= index < len(self._tokens):
            raise IndexError(index)
        return self._tokens[index]

    def count(self, token: str) -> int:
        return self._counts.get(token, 0)

    def encode(self, text: str) -> list[int]:
        ids = self._ids
        return [ids[t] for t in tokenize(text) if t in ids]


def _bucket(token: str, dim: int) -> tuple[int, float]:
    h = zlib.crc32(token.encode("utf-8"))
    return h % dim, (-1.0 if h & 0x80000000 else 1.0)


def embed(text: str, dim: int = 256) -> np.ndarray:
    if dim < 1:
        raise ValueError("dim must be at least 1")
    vec = np.zeros(dim, dtype=np.float64)
    for token in tokenize(text):
        index, sign = _bucket(token, dim)
        vec[index] += sign
    norm = float(np.linalg.norm(vec))
    if norm > 0:
        vec /= norm
    return vec


def embed_many(texts: Sequence[str], dim: int = 256) -> np.ndarray:
    if dim < 1:
        raise ValueError("dim must be at least 1")
    out = np.zeros((len(texts), dim), dtype=np.float64)
    for row, text in enumerate(texts):
        out[row] = embed(text, dim)
    return out


# ------------------------------------------------------------------ level 3
def _matches(metadata: Mapping[str, Any], where: Mapping[str, Any]) -> bool:
    for key, wanted in where.items():
        if key not in metadata:
            return False
        value = metadata[key]
        if isinstance(wanted, (list, tuple, set, frozenset)):
            if value not in wanted:
                return False
        elif value != wanted:
            return False
    return True


class VectorStore:
    def __init__(self, dim: int) -> None:
        if dim < 1:
            raise ValueError("dim must be at least 1")
        self.dim = dim
        self._vecs = np.zeros((16, dim), dtype=np.float64)
        self._ids: list[str] = []
        self._meta: list[dict[str, Any]] = []
        self._row: dict[str, int] = {}

    # -- storage -----------------------------------------------------------
    def _unit_rows(self, vectors: Any) -> np.ndarray:
        arr = np.array(vectors, dtype=np.float64, ndmin=2, copy=True)
        if arr.ndim != 2 or arr.shape[1] != self.dim:
            raise ValueError(f"expected vectors of length {self.dim}")
        if not np.all(np.isfinite(arr)):
            raise ValueError("vectors must be finite")
        norms = np.linalg.norm(arr, axis=1)
        if np.any(norms == 0):
            raise ValueError("zero vectors have no direction")
        arr /= norms[:, None]
        return arr

    def _unit(self, vector: Any) -> np.ndarray:
        arr = np.array(vector, dtype=np.float64)
        if arr.shape != (self.dim,):
            raise ValueError(f"expected a vector of length {self.dim}")
        norm = math.sqrt(float(arr @ arr))
        if not math.isfinite(norm) or norm == 0.0:
            raise ValueError("vectors must be finite and non-zero")
        arr /= norm
        return arr

    def _reserve(self, extra: int) -> None:
        need = len(self._ids) + extra
        if need > len(self._vecs):
            grown = np.zeros((max(need, 2 * len(self._vecs)), self.dim), dtype=np.float64)
            grown[: len(self._ids)] = self._vecs[: len(self._ids)]
            self._vecs = grown

    def _put(self, doc_id: str, unit: np.ndarray, metadata: Mapping[str, Any] | None) -> None:
        if not isinstance(doc_id, str) or not doc_id:
            raise ValueError("doc_id must be a non-empty str")
        meta = dict(metadata) if metadata is not None else {}
        row = self._row.get(doc_id)
        if row is None:
            self._reserve(1)
            row = len(self._ids)
            self._ids.append(doc_id)
            self._meta.append(meta)
            self._row[doc_id] = row
        else:
            self._meta[row] = meta
        self._vecs[row] = unit

    def upsert(self, doc_id: str, vector: Any, metadata: Mapping[str, Any] | None = None) -> None:
        if not isinstance(doc_id, str) or not doc_id:
            raise ValueError("doc_id must be a non-empty str")
        self._put(doc_id, self._unit(vector), metadata)

    def delete(self, doc_id: str) -> bool:
        row = self._row.pop(doc_id, None)
        if row is None:
            return False
        last = len(self._ids) - 1
        if row != last:
            moved = self._ids[last]
            self._ids[row] = moved
            self._meta[row] = self._meta[last]
            self._vecs[row] = self._vecs[last]
            self._row[moved] = row
        self._ids.pop()
        self._meta.pop()
        return True

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._row

    def get(self, doc_id: str) -> tuple[np.ndarray, dict[str, Any]]:
        row = self._row[doc_id]
        return self._vecs[row].copy(), dict(self._meta[row])

    # -- search ------------------------------------------------------------
    def _candidates(self, where: Mapping[str, Any] | None) -> np.ndarray | None:
        if not where:
            return None
        return np.array([i for i, m in enumerate(self._meta) if _matches(m, where)], dtype=np.intp)

    def _top(self, scores: np.ndarray, rows: np.ndarray | None, k: int) -> list[tuple[str, float]]:
        """Top k of one row of scores (already restricted to `rows` when given)."""
        n = len(scores)
        if n == 0:
            return []
        if k < n:
            threshold = np.partition(scores, n - k)[n - k]
            picked = np.flatnonzero(scores >= threshold)
        else:
            picked = np.arange(n)
        ids = self._ids
        if rows is not None:
            pairs = [(float(scores[i]), ids[rows[i]]) for i in picked]
        else:
            pairs = [(float(scores[i]), ids[i]) for i in picked]
        pairs.sort(key=lambda p: (-p[0], p[1]))
        return [(doc, score) for score, doc in pairs[:k]]

    def query(
        self, vector: Any, k: int = 10, where: Mapping[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        q = self._unit(vector)
        if k <= 0:
            return []
        rows = self._candidates(where)
        matrix = self._vecs[: len(self._ids)] if rows is None else self._vecs[rows]
        return self._top(matrix @ q, rows, k)

    # ------------------------------------------------------------------ level 4
    def upsert_many(
        self,
        doc_ids: Sequence[str],
        vectors: Any,
        metadatas: Sequence[Mapping[str, Any] | None] | None = None,
    ) -> None:
        units = self._unit_rows(vectors)
        if len(units) != len(doc_ids) or (metadatas is not None and len(metadatas) != len(doc_ids)):
            raise ValueError("doc_ids, vectors and metadatas must have the same length")
        if not all(isinstance(doc_id, str) and doc_id for doc_id in doc_ids):
            raise ValueError("doc_id must be a non-empty str")
        self._reserve(len(doc_ids))
        # a repeated id: the last occurrence wins, as with upsert() calls in order
        last = {doc_id: j for j, doc_id in enumerate(doc_ids)}
        if len(last) != len(doc_ids):
            order = sorted(last.values())
            doc_ids = [doc_ids[j] for j in order]
            units = units[order]
            if metadatas is not None:
                metadatas = [metadatas[j] for j in order]
        row_of = self._row
        ids = self._ids
        if metadatas is None and row_of.keys().isdisjoint(doc_ids):
            # the common bulk load: all ids new, no metadata - no per-id Python work
            start = len(ids)
            ids.extend(doc_ids)
            self._meta.extend({} for _ in range(len(doc_ids)))
            row_of.update(zip(doc_ids, range(start, start + len(doc_ids))))
            self._vecs[start:start + len(doc_ids)] = units
            return
        rows = np.empty(len(doc_ids), dtype=np.intp)
        for j, doc_id in enumerate(doc_ids):
            meta = {} if metadatas is None or metadatas[j] is None else dict(metadatas[j])
            row = row_of.get(doc_id)
            if row is None:
                row = len(ids)
                ids.append(doc_id)
                self._meta.append(meta)
                row_of[doc_id] = row
            else:
                self._meta[row] = meta
            rows[j] = row
        self._vecs[rows] = units

    def search_many(
        self, queries: Any, k: int = 10, where: Mapping[str, Any] | None = None
    ) -> list[list[tuple[str, float]]]:
        qs = self._unit_rows(queries)
        if k <= 0:
            return [[] for _ in range(len(qs))]
        rows = self._candidates(where)
        matrix = self._vecs[: len(self._ids)] if rows is None else self._vecs[rows]
        results: list[list[tuple[str, float]]] = []
        block = 64  # bounded memory: 64 x N scores at a time
        for lo in range(0, len(qs), block):
            scores = qs[lo:lo + block] @ matrix.T
            n = scores.shape[1]
            if n == 0:
                results.extend([] for _ in range(len(scores)))
                continue
            if k < n:
                thresholds = np.partition(scores, n - k, axis=1)[:, n - k]
            for r in range(len(scores)):
                row = scores[r]
                if k < n:
                    picked = np.flatnonzero(row >= thresholds[r])
                    results.append(self._top_picked(row, picked, rows, k))
                else:
                    results.append(self._top(row, rows, k))
        return results

    def _top_picked(
        self, scores: np.ndarray, picked: np.ndarray, rows: np.ndarray | None, k: int
    ) -> list[tuple[str, float]]:
        ids = self._ids
        if rows is not None:
            pairs = [(float(scores[i]), ids[rows[i]]) for i in picked]
        else:
            pairs = [(float(scores[i]), ids[i]) for i in picked]
        pairs.sort(key=lambda p: (-p[0], p[1]))
        return [(doc, score) for score, doc in pairs[:k]]


def evaluate(
    store: VectorStore,
    queries: Any,
    relevant: Sequence[Collection[str]],
    k: int = 10,
) -> dict[str, Any]:
    if k < 1:
        raise ValueError("k must be at least 1")
    qs = np.asarray(queries, dtype=np.float64)
    if qs.ndim != 2 or len(qs) != len(relevant):
        raise ValueError("one set of relevant ids per query is required")
    keep = [i for i, rel in enumerate(relevant) if len(rel) > 0]
    if not keep:
        raise ValueError("no query has a relevant document")
    results = store.search_many(qs[keep], k)
    recall = 0.0
    mrr = 0.0
    for i, hits in zip(keep, results):
        rel = set(relevant[i])
        found = 0
        first = 0
        for rank, (doc_id, _) in enumerate(hits, start=1):
            if doc_id in rel:
                found += 1
                if not first:
                    first = rank
        recall += found / len(rel)
        mrr += 1.0 / first if first else 0.0
    return {"recall": recall / len(keep), "mrr": mrr / len(keep), "queries": len(keep)}

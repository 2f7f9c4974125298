"""Known slow: correct, but the vector store keeps Python lists and scores every
document with a Python loop for every query."""

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
    """Naive but correct: a dict of Python lists, scored with Python loops."""

    def __init__(self, dim: int) -> None:
        if dim < 1:
            raise ValueError("dim must be at least 1")
        self.dim = dim
        self._docs: dict[str, tuple[list[float], dict[str, Any]]] = {}

    def _unit(self, vector: Any) -> list[float]:
        arr = np.asarray(vector, dtype=np.float64)
        if arr.shape != (self.dim,):
            raise ValueError(f"expected a vector of length {self.dim}")
        values = [float(x) for x in arr]
        norm = math.sqrt(sum(x * x for x in values))
        if not math.isfinite(norm) or norm == 0.0:
            raise ValueError("vectors must be finite and non-zero")
        return [x / norm for x in values]

    def upsert(self, doc_id: str, vector: Any, metadata: Mapping[str, Any] | None = None) -> None:
        if not isinstance(doc_id, str) or not doc_id:
            raise ValueError("doc_id must be a non-empty str")
        self._docs[doc_id] = (self._unit(vector), dict(metadata) if metadata is not None else {})

    def delete(self, doc_id: str) -> bool:
        return self._docs.pop(doc_id, None) is not None

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._docs

    def get(self, doc_id: str) -> tuple[np.ndarray, dict[str, Any]]:
        vec, meta = self._docs[doc_id]
        return np.array(vec), dict(meta)

    def query(
        self, vector: Any, k: int = 10, where: Mapping[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        q = self._unit(vector)
        if k <= 0:
            return []
        scored = []
        for doc_id, (vec, meta) in self._docs.items():
            if where and not _matches(meta, where):
                continue
            score = 0.0
            for a, b in zip(q, vec):
                score += a * b
            scored.append((doc_id, score))
        scored.sort(key=lambda p: (-p[1], p[0]))
        return scored[:k]

    def upsert_many(
        self,
        doc_ids: Sequence[str],
        vectors: Any,
        metadatas: Sequence[Mapping[str, Any] | None] | None = None,
    ) -> None:
        arr = np.asarray(vectors, dtype=np.float64)
        if arr.ndim != 2 or len(arr) != len(doc_ids) or (
            metadatas is not None and len(metadatas) != len(doc_ids)
        ):
            raise ValueError("doc_ids, vectors and metadatas must have the same length")
        staged = []
        for j, doc_id in enumerate(doc_ids):
            if not isinstance(doc_id, str) or not doc_id:
                raise ValueError("doc_id must be a non-empty str")
            meta = metadatas[j] if metadatas is not None else None
            staged.append((doc_id, self._unit(arr[j]), dict(meta) if meta is not None else {}))
        for doc_id, vec, meta in staged:
            self._docs[doc_id] = (vec, meta)

    def search_many(
        self, queries: Any, k: int = 10, where: Mapping[str, Any] | None = None
    ) -> list[list[tuple[str, float]]]:
        arr = np.asarray(queries, dtype=np.float64)
        if arr.ndim != 2:
            raise ValueError("queries must be a 2-D array")
        for row in arr:
            self._unit(row)
        return [self.query(row, k, where) for row in arr]


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

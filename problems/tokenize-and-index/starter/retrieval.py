"""Retrieval core: tokenizer, hashed embeddings, vector store, evaluation.

Implement the API described in the statements. The same file grows level by level:
level 1 (tokenize), level 2 (Vocabulary, embed, embed_many), level 3 (VectorStore),
level 4 (VectorStore.upsert_many / search_many, evaluate). numpy is available.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import numpy as np


# ------------------------------------------------------------------ level 1
def tokenize(text: str) -> list[str]:
    """NFKC + lower-case, then maximal runs of token characters (see the statement)."""
    raise NotImplementedError


# ------------------------------------------------------------------ level 2
class Vocabulary:
    """Tokens with count >= min_count, ordered by (-count, token), at most max_size."""

    def __init__(
        self, texts: Iterable[str], min_count: int = 1, max_size: int | None = None
    ) -> None:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def __contains__(self, token: object) -> bool:
        raise NotImplementedError

    def id_of(self, token: str) -> int:
        """KeyError if the token is not in the vocabulary."""
        raise NotImplementedError

    def token_of(self, index: int) -> str:
        """IndexError unless 0 <= index < len(self)."""
        raise NotImplementedError

    def count(self, token: str) -> int:
        """Corpus count of a vocabulary token, 0 otherwise."""
        raise NotImplementedError

    def encode(self, text: str) -> list[int]:
        """Ids of the text's tokens, skipping unknown tokens."""
        raise NotImplementedError


def embed(text: str, dim: int = 256) -> np.ndarray:
    """Hashing-trick embedding with zlib.crc32, L2-normalised, float64, shape (dim,)."""
    raise NotImplementedError


def embed_many(texts: Sequence[str], dim: int = 256) -> np.ndarray:
    """Row i == embed(texts[i], dim); shape (len(texts), dim)."""
    raise NotImplementedError


# ------------------------------------------------------------------ level 3
class VectorStore:
    """Unit vectors with metadata; cosine top-k queries with metadata filters."""

    def __init__(self, dim: int) -> None:
        raise NotImplementedError

    def upsert(self, doc_id: str, vector: Any, metadata: Mapping[str, Any] | None = None) -> None:
        raise NotImplementedError

    def delete(self, doc_id: str) -> bool:
        raise NotImplementedError

    def get(self, doc_id: str) -> tuple[np.ndarray, dict[str, Any]]:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def __contains__(self, doc_id: object) -> bool:
        raise NotImplementedError

    def query(
        self, vector: Any, k: int = 10, where: Mapping[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """Top k (doc_id, cosine) by score desc, then doc_id asc."""
        raise NotImplementedError

    # -------------------------------------------------------------- level 4
    def upsert_many(
        self,
        doc_ids: Sequence[str],
        vectors: Any,
        metadatas: Sequence[Mapping[str, Any] | None] | None = None,
    ) -> None:
        raise NotImplementedError

    def search_many(
        self, queries: Any, k: int = 10, where: Mapping[str, Any] | None = None
    ) -> list[list[tuple[str, float]]]:
        raise NotImplementedError


def evaluate(
    store: VectorStore, queries: Any, relevant: Sequence[Collection[str]], k: int = 10
) -> dict[str, Any]:
    """{'recall': mean recall@k, 'mrr': mean reciprocal rank@k, 'queries': n evaluated}."""
    raise NotImplementedError

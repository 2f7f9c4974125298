"""Approximate nearest-neighbour vector index.

Implement the class below level by level; the statements in your session say
exactly what each method must do. The standard library and numpy are available.
"""

from __future__ import annotations

import numpy as np


class VectorIndex:
    def __init__(self, dim: int) -> None:
        """An empty index of `dim`-dimensional vectors."""
        self.dim = dim
        self.distance_count = 0    # level 2: similarities computed by searches

    def __len__(self) -> int:
        return 0

    # ---- Level 1 (metadata: level 4) --------------------------------------------
    def add(self, ids: list[int], vectors: np.ndarray,
            metadata: list[dict[str, str | int]] | None = None) -> None:
        """Add one vector per id (row j of `vectors` belongs to ids[j])."""
        raise NotImplementedError

    def search(self, query: np.ndarray, k: int, nprobe: int | None = None,
               where: dict[str, str | int] | None = None) -> list[tuple[int, float]]:
        """The k best (id, cosine) pairs, best first; exact unless nprobe is given (level 2)."""
        raise NotImplementedError

    def search_many(self, queries: np.ndarray, k: int, nprobe: int | None = None,
                    where: dict[str, str | int] | None = None) -> list[list[tuple[int, float]]]:
        """`search` for each row of `queries`."""
        raise NotImplementedError

    # ---- Level 2 ---------------------------------------------------------------
    def build(self, nlist: int, seed: int = 0) -> None:
        """Cluster the vectors into `nlist` lists (k-means)."""
        raise NotImplementedError

    # ---- Level 3 ---------------------------------------------------------------
    def delete(self, ids: list[int]) -> int:
        """Remove these ids; returns how many were in the index."""
        raise NotImplementedError

    # ---- Level 4 ---------------------------------------------------------------
    def save(self) -> bytes:
        """Everything needed to rebuild this index with `load`."""
        raise NotImplementedError

    @classmethod
    def load(cls, data: bytes) -> VectorIndex:
        """An index from bytes written by `save`; ValueError for anything else."""
        raise NotImplementedError

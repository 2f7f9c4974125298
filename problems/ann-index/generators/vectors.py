"""Deterministic clustered vectors for the ann-index tests (a copy lives in each test that needs it).

python3 generators/vectors.py SEED N  prints N vectors of the mixture, one per line.
"""

from __future__ import annotations

import sys

import numpy as np


def mixture(seed: int, n: int, dim: int = 32, clusters: int = 100, spread: float = 1.0) -> np.ndarray:
    """n points around `clusters` random centres: clustered, like real embeddings."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, dim))
    sizes = rng.dirichlet(np.full(clusters, 2.0))
    labels = rng.choice(clusters, size=n, p=sizes)
    return centres[labels] + spread * rng.normal(size=(n, dim))


if __name__ == "__main__":
    np.savetxt(sys.stdout, mixture(int(sys.argv[1]), int(sys.argv[2])), fmt="%.6f")

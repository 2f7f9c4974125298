import numpy as np
import pytest

from annindex import VectorIndex


def mixture(seed, n, dim=32, clusters=100, spread=1.0):
    """A copy of generators/vectors.py: clustered, like real embeddings."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, dim))
    sizes = rng.dirichlet(np.full(clusters, 2.0))
    labels = rng.choice(clusters, size=n, p=sizes)
    return centres[labels] + spread * rng.normal(size=(n, dim))


def ids_of(result, k):
    assert type(result) is list and len(result) <= k
    for pair in result:
        assert type(pair) is tuple and len(pair) == 2
        assert type(pair[0]) is int and type(pair[1]) is float
    return [i for i, _ in result]


def count(index):
    n = index.distance_count
    assert type(n) is int
    return n


def recall_and_cost(index, queries, nprobe, k=10, where=None):
    """Mean recall@k of IVF against exact search, and IVF distances per query."""
    exact = index.search_many(queries, k, where=where)
    before = count(index)
    approx = index.search_many(queries, k, nprobe=nprobe, where=where)
    cost = (count(index) - before) / len(queries)
    hits = [len(set(ids_of(a, k)) & set(ids_of(e, k))) / max(1, len(e)) for a, e in zip(approx, exact)]
    return float(np.mean(hits)), cost


def test_example_from_statement():
    index = VectorIndex(2)
    index.add([1, 2, 3], np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]))
    index.build(2)
    n = index.delete([3, 99])
    assert type(n) is int and n == 1
    assert len(index) == 2
    got = index.search(np.array([1.0, 1.0]), 3, nprobe=2)
    assert ids_of(got, 3) == [1, 2]
    index.add([3], np.array([[-1.0, 0.0]]))
    got = index.search(np.array([-1.0, 0.0]), 1, nprobe=2)
    assert ids_of(got, 1) == [3] and got[0][1] == pytest.approx(1.0)


def test_deleted_ids_never_come_back():
    data = mixture(21, 3000)
    index = VectorIndex(32)
    index.add(list(range(3000)), data)
    index.build(16)
    gone = set(range(0, 3000, 3))
    assert index.delete(sorted(gone)) == len(gone)
    assert len(index) == 3000 - len(gone)
    for nprobe in (None, 4, 16):
        for got in index.search_many(data[:40], 10, nprobe=nprobe):
            assert not set(ids_of(got, 10)) & gone


def test_recall_after_churn_without_rebuild():
    data = mixture(22, 12_700)
    index = VectorIndex(32)
    index.add(list(range(10_000)), data[:10_000])
    index.build(40, seed=0)
    rng = np.random.default_rng(0)
    doomed = rng.permutation(10_000)[:2_500]
    for chunk in np.array_split(doomed, 10):
        index.delete([int(i) for i in chunk])
    for start in range(10_000, 12_500, 250):
        index.add(list(range(start, start + 250)), data[start:start + 250])
    assert len(index) == 10_000
    recall, cost = recall_and_cost(index, data[12_500:], nprobe=6)
    assert recall >= 0.9, recall
    assert cost <= 10_000 / 5, cost

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


def test_recall_and_a_fifth_of_the_distances():
    data = mixture(1, 10_200)
    index = VectorIndex(32)
    index.add(list(range(10_000)), data[:10_000])
    index.build(40, seed=0)
    recall, cost = recall_and_cost(index, data[10_000:], nprobe=6)
    assert recall >= 0.9, recall
    assert cost <= 10_000 / 5, cost


def test_exact_search_counts_every_vector():
    data = mixture(2, 1000)
    index = VectorIndex(32)
    index.add(list(range(1000)), data)
    before = count(index)
    index.search_many(data[:5], 3)
    assert count(index) - before == 5 * 1000
    index.build(10)
    before = count(index)
    index.search(data[0], 3)
    assert count(index) - before == 1000


def test_probing_every_list_is_exact():
    data = mixture(3, 2000)
    index = VectorIndex(32)
    index.add(list(range(2000)), data)
    index.build(16, seed=1)
    before = count(index)
    got = index.search_many(data[:20], 5, nprobe=16)
    assert count(index) - before == 20 * (16 + 2000)
    exact = index.search_many(data[:20], 5)
    assert [ids_of(g, 5) for g in got] == [ids_of(e, 5) for e in exact]


def test_bad_build_and_nprobe():
    index = VectorIndex(32)
    index.add(list(range(10)), mixture(4, 10))
    with pytest.raises(ValueError):
        index.search(np.ones(32), 3, nprobe=1)       # no build yet
    with pytest.raises(ValueError):
        index.build(11)
    with pytest.raises(ValueError):
        index.build(0)
    index.build(4)
    with pytest.raises(ValueError):
        index.search(np.ones(32), 3, nprobe=5)
    with pytest.raises(ValueError):
        index.search(np.ones(32), 3, nprobe=0)

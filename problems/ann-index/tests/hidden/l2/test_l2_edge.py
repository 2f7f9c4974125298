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


def test_recall_other_data_and_dimension():
    data = mixture(11, 15_200, dim=48, clusters=150)
    index = VectorIndex(48)
    ids = [int(i) for i in np.random.default_rng(5).permutation(10**6)[:15_000]]
    index.add(ids, data[:15_000])
    index.build(60, seed=3)
    recall, cost = recall_and_cost(index, data[15_000:], nprobe=7)
    assert recall >= 0.9, recall
    assert cost <= 15_000 / 5, cost


def test_build_is_deterministic_for_a_seed():
    data = mixture(12, 3000)
    results = []
    for _ in range(2):
        index = VectorIndex(32)
        index.add(list(range(3000)), data)
        index.build(20, seed=7)
        before = count(index)
        results.append((index.search_many(data[:30], 5, nprobe=2), count(index) - before))
    assert results[0] == results[1]


def test_one_list_is_exact():
    data = mixture(13, 500)
    index = VectorIndex(32)
    index.add(list(range(500)), data)
    index.build(1)
    got = index.search_many(data[:10], 4, nprobe=1)
    assert [ids_of(g, 4) for g in got] == [ids_of(e, 4) for e in index.search_many(data[:10], 4)]


def test_as_many_lists_as_vectors():
    data = mixture(14, 50)
    index = VectorIndex(32)
    index.add(list(range(50)), data)
    index.build(50)
    before = count(index)
    got = index.search(data[7], 1, nprobe=1)
    assert ids_of(got, 1) == [7]
    assert count(index) - before == 51


def test_ivf_results_are_sorted_and_typed():
    data = mixture(15, 5000)
    index = VectorIndex(32)
    index.add(list(range(5000)), data)
    index.build(32)
    for got in index.search_many(data[:50] + 0.1, 10, nprobe=4):
        ids_of(got, 10)
        scores = [s for _, s in got]
        assert scores == sorted(scores, reverse=True)
        assert len(got) == 10

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


def test_deleted_vectors_are_not_counted():
    data = mixture(31, 1000)
    index = VectorIndex(32)
    index.add(list(range(1000)), data)
    index.build(8)
    index.delete(list(range(100, 1000)))
    before = count(index)
    index.search(data[0], 5)
    assert count(index) - before == 100
    before = count(index)
    index.search(data[0], 5, nprobe=8)
    assert count(index) - before == 8 + 100


def test_delete_twice_and_unknown():
    index = VectorIndex(2)
    index.add([1, 2], np.array([[1.0, 0.0], [0.0, 1.0]]))
    assert index.delete([1, 1]) == 1
    assert index.delete([1]) == 0
    assert index.delete([]) == 0
    assert len(index) == 1


def test_readd_with_a_new_vector_before_and_after_build():
    index = VectorIndex(2)
    index.add([1, 2, 3], np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.1]]))
    index.delete([1])
    index.add([1], np.array([[0.0, -1.0]]))
    assert ids_of(index.search(np.array([0.0, -1.0]), 1), 1) == [1]
    assert ids_of(index.search(np.array([1.0, 0.0]), 3), 3) == [3, 1, 2]   # 1 and 2 tie at 0.0
    index.build(2)
    index.delete([1])
    index.add([1], np.array([[1.0, 0.0]]))
    got = index.search(np.array([1.0, 0.0]), 3, nprobe=2)
    assert ids_of(got, 3) == [1, 3, 2]
    assert len(index) == 3
    with pytest.raises(ValueError):
        index.add([1], np.array([[1.0, 1.0]]))


def test_delete_everything():
    data = mixture(32, 200)
    index = VectorIndex(32)
    index.add(list(range(200)), data)
    index.build(4)
    assert index.delete(list(range(200))) == 200
    assert len(index) == 0
    assert index.search(data[0], 5) == []
    assert index.search(data[0], 5, nprobe=4) == []


def test_adds_after_build_go_to_the_closest_list():
    # probing every list finds them all; probing one finds the new vector next to its twin
    data = mixture(33, 4000)
    index = VectorIndex(32)
    index.add(list(range(2000)), data[:2000])
    index.build(16)
    index.add(list(range(2000, 4000)), data[2000:])
    twins = data[2000:2100] + 1e-6
    found = 0
    for j, got in enumerate(index.search_many(twins, 1, nprobe=1)):
        found += ids_of(got, 1) == [2000 + j]
    assert found >= 98
    assert len(index.search(data[0], 4000, nprobe=16)) == 4000


def test_rebuild_after_churn():
    data = mixture(34, 12_200)
    index = VectorIndex(32)
    index.add(list(range(6000)), data[:6000])
    index.build(8)
    index.delete(list(range(3000)))
    index.add(list(range(6000, 12_000)), data[6000:12_000])
    index.build(40, seed=2)
    assert len(index) == 9000
    recall, cost = recall_and_cost(index, data[12_000:], nprobe=5)
    assert recall >= 0.9, recall
    assert cost <= 9000 / 5, cost

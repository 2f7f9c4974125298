import numpy as np
import pytest

from annindex import VectorIndex


def check(result, k):
    assert type(result) is list and len(result) <= k
    for pair in result:
        assert type(pair) is tuple and len(pair) == 2
        assert type(pair[0]) is int and type(pair[1]) is float
    return result


def brute(data, ids, q, k):
    x = data / np.linalg.norm(data, axis=1, keepdims=True)
    s = x @ (q / np.linalg.norm(q))
    order = sorted(range(len(ids)), key=lambda j: (-s[j], ids[j]))[:k]
    return [ids[j] for j in order], s[order]


def test_example_from_statement():
    index = VectorIndex(2)
    index.add([10, 11, 12], np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 3.0]]))
    assert len(index) == 3
    got = check(index.search(np.array([1.0, 1.0]), 2), 2)
    assert [i for i, _ in got] == [12, 10]
    assert got[0][1] == pytest.approx(1.0) and got[1][1] == pytest.approx(0.5 ** 0.5)
    many = index.search_many(np.array([[0.0, 1.0], [1.0, 0.0]]), 1)
    assert type(many) is list and [[i for i, _ in check(r, 1)] for r in many] == [[11], [10]]
    with pytest.raises(ValueError):
        index.add([10], np.array([[5.0, 5.0]]))
    assert len(index) == 3


def test_fewer_vectors_than_k():
    index = VectorIndex(3)
    index.add([5, 6], np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 0.0]]))
    got = check(index.search(np.array([1.0, 2.0, 3.0]), 10), 10)
    assert [i for i, _ in got] == [5, 6]
    assert got[0][1] == pytest.approx(1.0)


def test_empty_index_returns_nothing():
    index = VectorIndex(4)
    assert len(index) == 0
    assert index.search(np.ones(4), 3) == []


def test_random_against_brute_force():
    rng = np.random.default_rng(7)
    data = rng.normal(size=(2000, 16))
    ids = [int(i) for i in rng.permutation(10_000)[:2000]]
    index = VectorIndex(16)
    index.add(ids, data)
    queries = rng.normal(size=(50, 16))
    results = index.search_many(queries, 10)
    assert type(results) is list and len(results) == 50
    for q, got in zip(queries, results):
        want_ids, want_scores = brute(data, ids, q, 10)
        check(got, 10)
        assert [i for i, _ in got] == want_ids
        assert np.allclose([s for _, s in got], want_scores, atol=1e-9)


def test_bad_input():
    with pytest.raises(ValueError):
        VectorIndex(0)
    index = VectorIndex(2)
    with pytest.raises(ValueError):
        index.add([1], np.array([[1.0, 2.0, 3.0]]))
    with pytest.raises(ValueError):
        index.add([1], np.array([[0.0, 0.0]]))
    with pytest.raises(ValueError):
        index.search(np.array([1.0, 0.0]), 0)

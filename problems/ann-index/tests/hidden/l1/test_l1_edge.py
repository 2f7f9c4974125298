import numpy as np
import pytest

from annindex import VectorIndex


def check(result, k):
    assert type(result) is list and len(result) <= k
    for pair in result:
        assert type(pair) is tuple and len(pair) == 2
        assert type(pair[0]) is int and type(pair[1]) is float
    return result


def test_ties_by_smaller_id():
    index = VectorIndex(2)
    index.add([9, 3, 7, 5], np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 4.0], [2.0, 0.0]]))
    got = check(index.search(np.array([1.0, 1.0]), 4), 4)
    assert [i for i, _ in got] == [3, 5, 7, 9]
    got = check(index.search(np.array([1.0, 1.0]), 2), 2)
    assert [i for i, _ in got] == [3, 5]


def test_failed_add_adds_nothing():
    index = VectorIndex(2)
    index.add([1], np.array([[1.0, 0.0]]))
    bad_calls = [
        ([2, 2], np.array([[1.0, 1.0], [0.0, 1.0]])),        # repeated id
        ([2, 1], np.array([[1.0, 1.0], [0.0, 1.0]])),        # 1 already there
        ([2, 3], np.array([[1.0, 1.0], [0.0, 0.0]])),        # zero vector
        ([2, 3], np.array([[1.0, np.nan], [0.0, 1.0]])),     # not finite
        ([2, 3], np.array([[1.0, np.inf], [0.0, 1.0]])),
        ([2, 3], np.array([[1.0, 1.0]])),                    # one vector short
        (["a"], np.array([[1.0, 1.0]])),                     # not an int
    ]
    for ids, vecs in bad_calls:
        with pytest.raises(ValueError):
            index.add(ids, vecs)
    assert len(index) == 1
    assert [i for i, _ in index.search(np.array([0.0, 1.0]), 5)] == [1]


def test_integer_vectors_and_negative_scores():
    index = VectorIndex(3)
    index.add([1, 2], np.array([[1, 0, 0], [-1, 0, 0]], dtype=np.int32))
    got = check(index.search(np.array([1, 0, 0]), 2), 2)
    assert [i for i, _ in got] == [1, 2]
    assert got[1][1] == pytest.approx(-1.0)


def test_bad_queries():
    index = VectorIndex(3)
    index.add([1], np.array([[1.0, 0.0, 0.0]]))
    with pytest.raises(ValueError):
        index.search(np.zeros(3), 1)
    with pytest.raises(ValueError):
        index.search(np.ones(2), 1)
    with pytest.raises(ValueError):
        index.search(np.ones(3), -1)


def test_several_adds_then_search():
    rng = np.random.default_rng(3)
    index = VectorIndex(8)
    data = rng.normal(size=(300, 8))
    for start in range(0, 300, 50):
        index.add(list(range(start, start + 50)), data[start:start + 50])
    assert len(index) == 300
    q = rng.normal(size=8)
    x = data / np.linalg.norm(data, axis=1, keepdims=True)
    want = list(np.argsort(-(x @ q), kind="stable")[:5])
    assert [i for i, _ in check(index.search(q, 5), 5)] == [int(i) for i in want]


def test_scale_twenty_thousand_vectors():
    rng = np.random.default_rng(2024)
    data = rng.normal(size=(20_000, 32))
    index = VectorIndex(32)
    index.add(list(range(20_000)), data)
    queries = rng.normal(size=(200, 32))
    results = index.search_many(queries, 10)
    assert len(results) == 200
    x = data / np.linalg.norm(data, axis=1, keepdims=True)
    unit = queries / np.linalg.norm(queries, axis=1, keepdims=True)
    for start in range(0, 200, 50):
        block = unit[start:start + 50] @ x.T
        tops = np.argpartition(-block, 10, axis=1)[:, :10]
        for row, top, got in zip(block, tops, results[start:start + 50]):
            want = sorted(top.tolist(), key=lambda j: (-row[j], j))
            check(got, 10)
            assert [i for i, _ in got] == want

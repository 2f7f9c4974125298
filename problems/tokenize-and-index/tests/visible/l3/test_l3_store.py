import math

import numpy as np
import pytest

from retrieval import VectorStore


def example_store():
    store = VectorStore(dim=3)
    store.upsert("smith-v-jones", [1, 0, 0], {"court": "UKSC", "year": 2019})
    store.upsert("r-v-brown", [1, 1, 0], {"court": "UKHL", "year": 1993})
    store.upsert("doe-v-roe", [0, 0, 5], {"court": "UKSC", "year": 2021})
    store.upsert("abc-v-def", [2, 0, 0], {"court": "EWCA", "year": 2019})
    return store


def check(results, expected):
    assert type(results) is list
    assert all(type(r) is tuple and len(r) == 2 and type(r[0]) is str and type(r[1]) is float
               for r in results)
    assert [r[0] for r in results] == [e[0] for e in expected]
    for (_, got), (_, want) in zip(results, expected):
        assert got == pytest.approx(want, abs=1e-9)


def test_statement_example():
    store = example_store()
    check(store.query([1, 0, 0], k=3),
          [("abc-v-def", 1.0), ("smith-v-jones", 1.0), ("r-v-brown", 1 / math.sqrt(2))])
    check(store.query([1, 0, 0], k=3, where={"court": ["UKSC", "UKHL"]}),
          [("smith-v-jones", 1.0), ("r-v-brown", 1 / math.sqrt(2)), ("doe-v-roe", 0.0)])
    assert store.delete("abc-v-def") is True
    check(store.query([0, 0, 1], k=1, where={"year": 2021}), [("doe-v-roe", 1.0)])


def test_len_contains_get():
    store = example_store()
    assert len(store) == 4 and "doe-v-roe" in store and "nobody" not in store
    vec, meta = store.get("doe-v-roe")
    assert type(vec) is np.ndarray and vec.dtype == np.float64
    assert np.allclose(vec, [0, 0, 1]) and meta == {"court": "UKSC", "year": 2021}


def test_upsert_replaces_vector_and_metadata():
    store = example_store()
    store.upsert("smith-v-jones", [0, 1, 0])
    vec, meta = store.get("smith-v-jones")
    assert np.allclose(vec, [0, 1, 0]) and meta == {}
    assert len(store) == 4
    check(store.query([0, 1, 0], k=1), [("smith-v-jones", 1.0)])


def test_delete_missing_and_k_edge_cases():
    store = example_store()
    assert store.delete("nobody") is False
    assert store.query([1, 0, 0], k=0) == []
    assert len(store.query([1, 0, 0], k=100)) == 4


def test_validation():
    store = VectorStore(dim=3)
    with pytest.raises(ValueError):
        store.upsert("a", [1, 0])
    with pytest.raises(ValueError):
        store.upsert("a", [0, 0, 0])
    with pytest.raises(ValueError):
        store.query([0, 0, 0])
    with pytest.raises(ValueError):
        VectorStore(dim=0)

import math
import random

import numpy as np
import pytest

from retrieval import VectorStore


def check_ranked(results, expected):
    """expected: (doc_id, score) sorted by (-score, doc_id), scores from plain Python.
    Ids must match, except that ids whose scores are within 1e-9 may come in either order."""
    assert type(results) is list
    assert all(type(r) is tuple and len(r) == 2 and type(r[0]) is str and type(r[1]) is float
               for r in results)
    assert len(results) == len(expected)
    for (_, got), (_, want) in zip(results, expected):
        assert got == pytest.approx(want, abs=1e-9)
    i = 0
    while i < len(expected):
        j = i
        while j + 1 < len(expected) and abs(expected[j + 1][1] - expected[i][1]) < 1e-9:
            j += 1
        assert {r[0] for r in results[i:j + 1]} == {e[0] for e in expected[i:j + 1]}
        i = j + 1


def unit(v):
    n = math.sqrt(sum(x * x for x in v))
    return [x / n for x in v]


def brute_query(docs, q, k, where=None):
    qu = unit(q)
    out = []
    for doc_id, (vec, meta) in docs.items():
        ok = True
        for key, wanted in (where or {}).items():
            if key not in meta:
                ok = False
            elif isinstance(wanted, (list, tuple, set, frozenset)):
                ok = ok and meta[key] in wanted
            else:
                ok = ok and meta[key] == wanted
        if ok:
            out.append((doc_id, sum(a * b for a, b in zip(unit(vec), qu))))
    out.sort(key=lambda p: (-p[1], p[0]))
    return out[:max(k, 0)]


def test_exact_ties_are_ordered_by_id():
    store = VectorStore(dim=4)
    for doc_id in ["m", "c", "x", "a"]:
        store.upsert(doc_id, [3, 0, 0, 0])
    store.upsert("b", [0, 5, 0, 0])
    store.upsert("e", [1, 0, 1, 0])
    store.upsert("d", [1, 0, 0, 1])   # same unit components as e: an exact tie along axis 0
    res = store.query([2, 0, 0, 0], k=6)
    assert [r[0] for r in res] == ["a", "c", "m", "x", "d", "e"]
    assert res[4][1] == res[5][1]
    res = store.query([0, 0, 0, 9], k=10)
    assert [r[0] for r in res][:1] == ["d"]
    assert [r[0] for r in res][1:] == ["a", "b", "c", "e", "m", "x"]


def test_negative_scores_and_k_larger_than_store():
    store = VectorStore(dim=2)
    store.upsert("east", [1, 0])
    store.upsert("west", [-4, 0])
    res = store.query([1, 0], k=5)
    assert [r[0] for r in res] == ["east", "west"]
    assert res[1][1] == pytest.approx(-1.0) and type(res[1][1]) is float
    assert store.query([1, 0], k=-1) == []


def test_filters():
    store = VectorStore(dim=2)
    store.upsert("a", [1, 0], {"court": "UKSC", "year": 2019, "tags": "tort"})
    store.upsert("b", [1, 0.1], {"court": "UKHL", "year": 2019})
    store.upsert("c", [1, 0.2], {"court": "UKSC"})
    store.upsert("d", [1, 0.3])
    ids = lambda res: [r[0] for r in res]  # noqa: E731
    assert ids(store.query([1, 0], where={"court": "UKSC"})) == ["a", "c"]
    assert ids(store.query([1, 0], where={"court": "UKSC", "year": 2019})) == ["a"]
    assert ids(store.query([1, 0], where={"year": (2019, 2020)})) == ["a", "b"]
    assert ids(store.query([1, 0], where={"year": {2018}})) == []
    assert ids(store.query([1, 0], where={"court": frozenset({"UKHL"})})) == ["b"]
    assert ids(store.query([1, 0], where={"missing": None})) == []
    assert ids(store.query([1, 0], where={})) == ["a", "b", "c", "d"]
    assert ids(store.query([1, 0], where={"year": 2019.0})) == ["a", "b"]


def test_metadata_is_copied():
    store = VectorStore(dim=2)
    meta = {"court": "UKSC"}
    store.upsert("a", [1, 1], meta)
    meta["court"] = "changed"
    assert store.get("a")[1] == {"court": "UKSC"}
    store.get("a")[1]["court"] = "changed again"
    assert store.query([1, 1], where={"court": "UKSC"})[0][0] == "a"


def test_stored_vectors_are_copies():
    store = VectorStore(dim=3)
    v = np.array([1.0, 2.0, 2.0])
    store.upsert("a", v)
    v[:] = [0, 0, 1]
    vec, _ = store.get("a")
    assert np.allclose(vec, [1 / 3, 2 / 3, 2 / 3])
    vec[:] = 0
    assert np.allclose(store.get("a")[0], [1 / 3, 2 / 3, 2 / 3])


def test_invalid_inputs():
    store = VectorStore(dim=3)
    for bad in ([1, 2], [[1, 2, 3]], [float("nan"), 1, 1], [float("inf"), 0, 0]):
        with pytest.raises(ValueError):
            store.upsert("a", bad)
    with pytest.raises(ValueError):
        store.upsert("", [1, 2, 3])
    with pytest.raises(ValueError):
        store.upsert(7, [1, 2, 3])
    assert len(store) == 0
    with pytest.raises(KeyError):
        store.get("a")
    store.upsert("a", (1, 2, 3))
    with pytest.raises(ValueError):
        store.query([1, 2])


def test_delete_then_reinsert():
    store = VectorStore(dim=2)
    for i in range(10):
        store.upsert(f"d{i}", [1, i])
    for i in range(0, 10, 2):
        assert store.delete(f"d{i}") is True
    assert store.delete("d0") is False
    assert len(store) == 5 and "d0" not in store and "d1" in store
    assert [r[0] for r in store.query([1, 9], k=10)] == ["d9", "d7", "d5", "d3", "d1"]
    store.upsert("d0", [0, 1], {"new": True})
    assert store.query([0, 1], k=1)[0][0] == "d0"
    assert store.get("d9")[1] == {}


def test_random_operations_against_brute_force():
    rng = random.Random(55)
    dim = 6
    store = VectorStore(dim)
    docs = {}
    courts = ["UKSC", "UKHL", "EWCA"]
    for step in range(800):
        op = rng.random()
        doc_id = f"doc{rng.randrange(300)}"
        if op < 0.6:
            vec = [rng.gauss(0, 1) for _ in range(dim)]
            meta = {"court": rng.choice(courts), "year": rng.randrange(1990, 2000)}
            store.upsert(doc_id, vec, meta)
            docs[doc_id] = (vec, meta)
        elif op < 0.75:
            assert store.delete(doc_id) is (docs.pop(doc_id, None) is not None)
        else:
            q = [rng.gauss(0, 1) for _ in range(dim)]
            k = rng.randint(0, 12)
            where = rng.choice([None, {"court": "UKSC"}, {"year": [1991, 1995, 1999]},
                                {"court": ("UKHL", "EWCA"), "year": 1993}])
            check_ranked(store.query(q, k, where), brute_query(docs, q, k, where))
        assert len(store) == len(docs)


def test_many_single_upserts_are_amortised():
    rng = np.random.default_rng(6)
    dim = 32
    vectors = rng.standard_normal((12_000, dim))
    store = VectorStore(dim)
    for i in range(12_000):
        store.upsert(f"d{i:05d}", vectors[i])
    assert len(store) == 12_000
    res = store.query(vectors[4321], k=1)
    assert res[0][0] == "d04321" and res[0][1] == pytest.approx(1.0)

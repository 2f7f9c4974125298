import numpy as np
import pytest

from retrieval import VectorStore, evaluate


def example_store():
    store = VectorStore(dim=2)
    store.upsert_many(["a", "b", "c", "d"], np.array([[1, 0], [1, 1], [0, 1], [-1, 0]], dtype=float))
    return store


QUERIES = np.array([[1.0, 0.1], [0.0, 1.0], [-1.0, 0.0]])


def test_statement_example():
    store = example_store()
    results = store.search_many(QUERIES, k=2)
    assert type(results) is list and len(results) == 3
    assert [[doc for doc, _ in row] for row in results] == [["a", "b"], ["c", "b"], ["d", "c"]]
    assert all(type(s) is float for row in results for _, s in row)
    assert results[0][0][1] == pytest.approx(0.9950371902099893, abs=1e-9)
    metrics = evaluate(store, QUERIES, [{"b"}, {"c", "a", "zzz"}, set()], k=2)
    assert type(metrics) is dict
    assert type(metrics["recall"]) is float and metrics["recall"] == pytest.approx(2 / 3)
    assert type(metrics["mrr"]) is float and metrics["mrr"] == pytest.approx(0.75)
    assert type(metrics["queries"]) is int and metrics["queries"] == 2


def test_search_many_matches_query():
    rng = np.random.default_rng(1)
    store = VectorStore(dim=8)
    store.upsert_many([f"d{i}" for i in range(200)], rng.standard_normal((200, 8)),
                      [{"even": i % 2 == 0} for i in range(200)])
    queries = rng.standard_normal((20, 8))
    batch = store.search_many(queries, k=5, where={"even": True})
    assert type(batch) is list and len(batch) == 20
    for q, row in zip(queries, batch):
        single = store.query(q, k=5, where={"even": True})
        assert [d for d, _ in row] == [d for d, _ in single]
        assert [s for _, s in row] == pytest.approx([s for _, s in single], abs=1e-9)
        assert all(type(s) is float for _, s in row)


def test_upsert_many_then_single_operations():
    store = example_store()
    assert len(store) == 4 and store.get("b")[1] == {}
    store.upsert_many(["b", "e"], [[0, 2], [3, 4]], [{"x": 1}, None])
    assert len(store) == 5
    assert np.allclose(store.get("b")[0], [0, 1]) and store.get("b")[1] == {"x": 1}
    assert np.allclose(store.get("e")[0], [0.6, 0.8])


def test_evaluate_errors():
    store = example_store()
    with pytest.raises(ValueError):
        evaluate(store, QUERIES, [{"a"}], k=2)
    with pytest.raises(ValueError):
        evaluate(store, QUERIES, [set(), set(), set()], k=2)
    with pytest.raises(ValueError):
        evaluate(store, QUERIES, [{"a"}, {"b"}, {"c"}], k=0)

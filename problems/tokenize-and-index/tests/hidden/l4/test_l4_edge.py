import numpy as np
import pytest

from retrieval import VectorStore, evaluate


def test_recall_divides_by_all_relevant_ids():
    store = VectorStore(dim=2)
    store.upsert_many(["a", "b", "c", "d", "e"],
                      np.array([[1, 0], [1, 0.1], [1, 0.2], [1, 0.3], [0, 1]], dtype=float))
    q = np.array([[1.0, 0.0]])
    m = evaluate(store, q, [["a", "b", "c", "d"]], k=2)
    assert m["recall"] == pytest.approx(0.5) and m["mrr"] == pytest.approx(1.0)
    m = evaluate(store, q, [{"d", "e"}], k=2)
    assert m["recall"] == 0.0 and m["mrr"] == 0.0 and type(m["mrr"]) is float
    m = evaluate(store, q, [{"b", "missing-1", "missing-2"}], k=3)
    assert m["recall"] == pytest.approx(1 / 3) and m["mrr"] == pytest.approx(0.5)


def test_duplicate_relevant_ids_count_once():
    store = VectorStore(dim=2)
    store.upsert_many(["a", "b"], [[1, 0], [0, 1]])
    m = evaluate(store, [[1, 0]], [["a", "a", "b"]], k=1)
    assert m["recall"] == pytest.approx(0.5) and m["queries"] == 1


def test_evaluate_accepts_lists_and_skips_empty():
    store = VectorStore(dim=3)
    store.upsert_many(["x", "y", "z"], np.eye(3))
    m = evaluate(store, [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [["y"], [], ("z", "y")], k=1)
    # query 0: top-1 is x (not relevant); query 2: top-1 is z (1 of 2 relevant, rank 1)
    assert m == {"recall": pytest.approx(0.25), "mrr": pytest.approx(0.5), "queries": 2}


def test_upsert_many_repeated_ids_last_wins():
    store = VectorStore(dim=2)
    store.upsert_many(["a", "b", "a"], [[1, 0], [0, 1], [0, 3]], [{"v": 1}, None, {"v": 3}])
    assert len(store) == 2
    vec, meta = store.get("a")
    assert np.allclose(vec, [0, 1]) and meta == {"v": 3}


def test_upsert_many_is_all_or_nothing():
    store = VectorStore(dim=2)
    store.upsert("keep", [1, 1], {"k": 1})
    for ids, vecs, metas in (
        (["a", "b"], [[1, 0], [0, 0]], None),
        (["a", "b"], [[1, 0], [float("nan"), 1]], None),
        (["a", "b"], [[1, 0]], None),
        (["a", ""], [[1, 0], [0, 1]], None),
        (["a", "b"], [[1, 0, 0], [0, 1, 0]], None),
        (["a", "keep"], [[1, 0], [0, 1]], [{"x": 1}]),
    ):
        with pytest.raises(ValueError):
            store.upsert_many(ids, vecs, metas)
    assert len(store) == 1 and "a" not in store
    assert np.allclose(store.get("keep")[0], [2 ** -0.5, 2 ** -0.5]) and store.get("keep")[1] == {"k": 1}


def test_search_many_edge_cases():
    store = VectorStore(dim=2)
    assert store.search_many([[1, 0], [0, 1]], k=3) == [[], []]
    store.upsert_many(["p", "q"], [[1, 0], [0, 1]])
    assert store.search_many([[1, 0]], k=0) == [[]]
    res = store.search_many(np.array([[1.0, 0.0]]), k=5, where={"none": 1})
    assert res == [[]]
    with pytest.raises(ValueError):
        store.search_many([[0, 0]], k=1)
    with pytest.raises(ValueError):
        store.search_many([[1, 0, 0]], k=1)


def test_search_many_ties_by_id():
    store = VectorStore(dim=3)
    store.upsert_many(["z", "m", "a", "q"], [[1, 0, 0], [5, 0, 0], [0, 1, 0], [0, 1, 0]])
    res = store.search_many([[1, 0, 0], [0, 1, 0]], k=3)
    assert [[d for d, _ in row] for row in res] == [["m", "z", "a"], ["a", "q", "m"]]


def test_search_many_after_deletes_and_upserts():
    rng = np.random.default_rng(12)
    store = VectorStore(dim=16)
    ids = [f"d{i:04d}" for i in range(3000)]
    store.upsert_many(ids, rng.standard_normal((3000, 16)))
    for i in range(0, 3000, 3):
        store.delete(ids[i])
    store.upsert_many(ids[:30], rng.standard_normal((30, 16)), [{"fresh": True}] * 30)
    queries = rng.standard_normal((40, 16))
    for where in (None, {"fresh": True}):
        batch = store.search_many(queries, k=7, where=where)
        assert len(batch) == len(queries)
        for q, row in zip(queries, batch):
            single = store.query(q, k=7, where=where)
            assert [d for d, _ in row] == [d for d, _ in single]
            assert [s for _, s in row] == pytest.approx([s for _, s in single], abs=1e-9)


def test_scale_fifty_thousand_documents():
    rng = np.random.default_rng(2024)
    n, dim, m, k = 50_000, 64, 100, 10
    docs = rng.standard_normal((n, dim))
    ids = [f"doc{i:05d}" for i in range(n)]
    store = VectorStore(dim)
    store.upsert_many(ids, docs)
    assert len(store) == n
    targets = rng.choice(n, size=m, replace=False)
    queries = docs[targets] + 1.1 * rng.standard_normal((m, dim))
    partners = rng.integers(0, n, size=m)
    relevant = [{ids[t], ids[p]} for t, p in zip(targets, partners)]

    metrics = evaluate(store, queries, relevant, k)
    checked = list(range(0, m, 10))
    results = store.search_many(queries[checked], k)

    unit_docs = docs / np.linalg.norm(docs, axis=1, keepdims=True)
    unit_q = queries / np.linalg.norm(queries, axis=1, keepdims=True)
    scores = unit_q @ unit_docs.T
    recall = mrr = 0.0
    for i in range(m):
        rel = sorted({int(targets[i]), int(partners[i])})
        ranks = sorted(int((scores[i] > scores[i, r]).sum()) + 1 for r in rel)
        found = [r for r in ranks if r <= k]
        recall += len(found) / len(rel)
        mrr += 1.0 / found[0] if found else 0.0
    assert metrics["queries"] == m
    assert metrics["recall"] == pytest.approx(recall / m, abs=1e-12)
    assert metrics["mrr"] == pytest.approx(mrr / m, abs=1e-12)
    assert 0.2 < metrics["recall"] < 0.9
    for row, i in zip(results, checked):
        top = np.argpartition(-scores[i], k)[:k]
        top = top[np.argsort(-scores[i, top])]
        assert [doc for doc, _ in row] == [ids[j] for j in top]
        assert [s for _, s in row] == pytest.approx(scores[i, top].tolist(), abs=1e-9)

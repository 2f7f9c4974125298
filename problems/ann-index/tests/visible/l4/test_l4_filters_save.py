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
    index.add([1, 2, 3], np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]]),
              metadata=[{"lang": "en"}, {"lang": "de"}, {"lang": "de", "year": 2021}])
    got = index.search(np.array([1.0, 0.0]), 2, where={"lang": "de"})
    assert ids_of(got, 2) == [2, 3]
    assert got[0][1] == pytest.approx(0.9938837346736189) and got[1][1] == pytest.approx(0.0)
    assert index.search(np.array([1.0, 0.0]), 2, where={"year": "2021"}) == []
    data = index.save()
    assert type(data) is bytes
    copy = VectorIndex.load(data)
    assert ids_of(copy.search(np.array([1.0, 0.0]), 1), 1) == [1]
    with pytest.raises(ValueError):
        VectorIndex.load(b"not an index")


def test_filters_match_every_key_with_its_type():
    index = VectorIndex(2)
    index.add([1, 2, 3, 4], np.array([[1.0, 0.0], [1.0, 0.1], [1.0, 0.2], [1.0, 0.3]]),
              metadata=[{"a": 1, "b": "x"}, {"a": 1}, {"a": "1", "b": "x"}, {}])
    q = np.array([1.0, 0.0])
    assert ids_of(index.search(q, 9, where={"a": 1}), 9) == [1, 2]
    assert ids_of(index.search(q, 9, where={"a": 1, "b": "x"}), 9) == [1]
    assert ids_of(index.search(q, 9, where={"b": "x"}), 9) == [1, 3]
    assert ids_of(index.search(q, 9, where={}), 9) == [1, 2, 3, 4]
    assert ids_of(index.search(q, 9, where={"c": 0}), 9) == []


def test_selective_filter_with_ivf_still_returns_k():
    data = mixture(41, 10_200)
    meta = [{"tenant": i % 100, "lang": "en" if i % 2 else "de"} for i in range(10_000)]
    index = VectorIndex(32)
    index.add(list(range(10_000)), data[:10_000], metadata=meta)
    index.build(40)
    where = {"tenant": 17}                         # 100 matching vectors
    got = index.search_many(data[10_000:10_050], 10, nprobe=4, where=where)
    for g in got:
        ids = ids_of(g, 10)
        assert len(ids) == 10 and all(i % 100 == 17 for i in ids)
    recall, _ = recall_and_cost(index, data[10_000:], nprobe=6, where={"lang": "en"})
    assert recall >= 0.9, recall


def test_save_and_load_keep_everything():
    data = mixture(42, 5100)
    index = VectorIndex(32)
    index.add(list(range(5000)), data[:5000], metadata=[{"even": i % 2} for i in range(5000)])
    index.build(20)
    index.delete(list(range(0, 5000, 5)))
    copy = VectorIndex.load(index.save())
    assert len(copy) == len(index) == 4000
    assert count(copy) == 0
    queries = data[5000:]
    for nprobe in (None, 3):
        for where in (None, {"even": 1}):
            assert_same(copy.search_many(queries, 5, nprobe=nprobe, where=where),
                        index.search_many(queries, 5, nprobe=nprobe, where=where))


def assert_same(got, want):
    """`assert got == want` for long lists and texts, failing with a short message:
    pytest's full diff (the harness shows diffs in full) of two long sequences that
    differ throughout is quadratic, minutes at these sizes."""
    if type(got) is type(want) and got == want:
        return
    if type(got) is not type(want):
        raise AssertionError(f"got a {type(got).__name__}, expected a {type(want).__name__}")
    i = next((k for k, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
    w = 40 if type(want) is str else 3
    raise AssertionError(f"lengths {len(got)} and {len(want)} (got, expected); first difference at "
                         f"index {i}: got {got[i:i + w]!r}, expected {want[i:i + w]!r}")

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


class _RunsCode:
    """Unpickling this calls eval("1/0"): a loader that unpickles raises ZeroDivisionError."""

    def __reduce__(self):
        return (eval, ("1/0",))


def test_load_never_unpickles():
    import pickle

    payload = pickle.dumps({"dim": 2, "vectors": _RunsCode()})
    with pytest.raises(ValueError):
        VectorIndex.load(payload)


def test_load_rejects_garbage_and_truncation():
    index = VectorIndex(3)
    index.add([1, 2], np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]))
    data = index.save()
    for bad in (b"", b"\x00" * 64, data[: len(data) // 2], data[:10], b"PK\x03\x04junk"):
        with pytest.raises(ValueError):
            VectorIndex.load(bad)


def test_loaded_copy_is_independent():
    index = VectorIndex(2)
    index.add([1, 2], np.array([[1.0, 0.0], [0.0, 1.0]]), metadata=[{"k": "a"}, {"k": "b"}])
    index.build(2)
    copy = VectorIndex.load(index.save())
    copy.delete([1])
    copy.add([3], np.array([[1.0, 0.1]]), metadata=[{"k": "a"}])
    q = np.array([1.0, 0.0])
    assert ids_of(index.search(q, 5, nprobe=2), 5) == [1, 2]
    assert ids_of(copy.search(q, 5, nprobe=2, where={"k": "a"}), 5) == [3]
    index.delete([2])
    assert ids_of(copy.search(q, 5), 5) == [3, 2]


def test_filtered_search_skips_non_matching_in_the_count():
    data = mixture(43, 1000)
    index = VectorIndex(32)
    index.add(list(range(1000)), data, metadata=[{"g": i % 10} for i in range(1000)])
    before = count(index)
    got = index.search(data[0], 5, where={"g": 3})
    assert count(index) - before == 100
    assert all(i % 10 == 3 for i in ids_of(got, 5))
    index.build(10)
    before = count(index)
    index.search(data[0], 5, nprobe=10, where={"g": 3})
    assert count(index) - before == 10 + 100


def test_filter_with_fewer_matches_than_k_probes_every_list():
    data = mixture(44, 3000)
    index = VectorIndex(32)
    index.add(list(range(3000)), data, metadata=[{"rare": 1} if i in (5, 1500, 2999) else {}
                                                 for i in range(3000)])
    index.build(30)
    got = index.search(data[0], 10, nprobe=1, where={"rare": 1})
    assert sorted(ids_of(got, 10)) == [5, 1500, 2999]


def test_bad_metadata():
    index = VectorIndex(2)
    with pytest.raises(ValueError):
        index.add([1], np.array([[1.0, 0.0]]), metadata=[{"x": 1.5}])
    with pytest.raises(ValueError):
        index.add([1], np.array([[1.0, 0.0]]), metadata=[{}, {}])
    assert len(index) == 0


def test_save_before_build_and_then_build_the_copy():
    data = mixture(45, 2100)
    index = VectorIndex(32)
    index.add(list(range(2000)), data[:2000])
    copy = VectorIndex.load(index.save())
    copy.build(10, seed=4)
    index.build(10, seed=4)
    assert_same(copy.search_many(data[2000:], 5, nprobe=2), index.search_many(data[2000:], 5, nprobe=2))


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

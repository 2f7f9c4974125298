import pytest

from citations import CitationGraph


def example_graph():
    g = CitationGraph()
    g.add_citation("a", "b")
    g.add_citation("b", "c")
    g.add_citation("c", "a")
    g.add_citation("d", "c")
    return g


def exact_pagerank(names, edges, d=0.85):
    """The fixed point, by iterating far past the required tolerance."""
    n = len(names)
    out = {x: [] for x in names}
    for a, b in edges:
        out[a].append(b)
    r = {x: 1.0 / n for x in names}
    for _ in range(5000):
        dangling = sum(r[x] for x in names if not out[x])
        new = {x: (1 - d) / n + d * dangling / n for x in names}
        for a in names:
            for b in out[a]:
                new[b] += d * r[a] / len(out[a])
        delta = sum(abs(new[x] - r[x]) for x in names)
        r = new
        if delta < 1e-15:
            break
    return r


def check_scores(scores, expected, abs_tol=1e-5):
    assert type(scores) is dict
    assert sorted(scores) == sorted(expected)
    for name, value in scores.items():
        assert type(value) is float
        assert value == pytest.approx(expected[name], abs=abs_tol)


def test_statement_example():
    g = example_graph()
    scores = g.authority_scores()
    check_scores(scores, {"a": 0.32021, "b": 0.30968, "c": 0.33260, "d": 0.0375})
    check_scores(scores, exact_pagerank(["a", "b", "c", "d"],
                                        [("a", "b"), ("b", "c"), ("c", "a"), ("d", "c")]))
    top = g.top_authorities(2)
    assert type(top) is list and len(top) == 2
    assert all(type(t) is tuple and len(t) == 2 for t in top)
    assert [t[0] for t in top] == ["c", "a"]
    assert type(top[0][1]) is float and top[0][1] == pytest.approx(0.33260, abs=1e-5)


def test_dangling_cases_spread_their_score():
    g = CitationGraph()
    g.add_citation("a", "b")
    g.add_citation("c", "b")
    g.add_case("e")
    names = ["a", "b", "c", "e"]
    scores = g.authority_scores()
    check_scores(scores, exact_pagerank(names, [("a", "b"), ("c", "b")]))
    assert sum(scores.values()) == pytest.approx(1.0, abs=1e-9)


def test_one_iteration_exactly():
    g = example_graph()
    scores = g.authority_scores(max_iter=1)
    # after one step from 1/4 each (no dangling case here)
    expected = {
        "a": 0.15 / 4 + 0.85 * 0.25,
        "b": 0.15 / 4 + 0.85 * 0.25,
        "c": 0.15 / 4 + 0.85 * 0.5,
        "d": 0.15 / 4,
    }
    check_scores(scores, expected, abs_tol=1e-9)


def test_empty_graph():
    g = CitationGraph()
    assert g.authority_scores() == {}
    assert g.top_authorities(3) == []


def test_invalid_parameters():
    g = example_graph()
    with pytest.raises(ValueError):
        g.authority_scores(damping=1.0)
    with pytest.raises(ValueError):
        g.authority_scores(tol=0)
    with pytest.raises(ValueError):
        g.authority_scores(max_iter=0)

import random

import pytest

from citations import CitationGraph


def exact_pagerank(names, edges, d=0.85):
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


def test_only_dangling_cases_are_uniform():
    g = CitationGraph()
    for name in ["x", "y", "z", "w", "v"]:
        g.add_case(name)
    check_scores(g.authority_scores(), dict.fromkeys(["v", "w", "x", "y", "z"], 0.2), 1e-12)


def test_damping_zero_is_uniform():
    g = CitationGraph()
    g.add_citation("a", "b")
    g.add_citation("b", "c")
    check_scores(g.authority_scores(damping=0.0), dict.fromkeys("abc", 1 / 3), 1e-12)


def test_two_steps_with_dangling_mass():
    g = CitationGraph()
    g.add_citation("a", "b")
    g.add_citation("a", "c")
    g.add_citation("b", "c")
    # c dangles. Two exact steps from 1/3 each:
    d, n = 0.85, 3
    r = {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}
    for _ in range(2):
        leak = r["c"] / n
        r = {
            "a": (1 - d) / n + d * leak,
            "b": (1 - d) / n + d * (r["a"] / 2 + leak),
            "c": (1 - d) / n + d * (r["a"] / 2 + r["b"] + leak),
        }
    check_scores(g.authority_scores(max_iter=2), r, 1e-9)


def test_custom_damping_and_tolerance():
    names = ["p", "q", "r", "s", "t"]
    edges = [("p", "q"), ("q", "r"), ("r", "p"), ("s", "p"), ("s", "q"), ("t", "s")]
    g = CitationGraph()
    for a, b in edges:
        g.add_citation(a, b)
    check_scores(g.authority_scores(damping=0.5, tol=1e-10), exact_pagerank(names, edges, 0.5))
    check_scores(g.authority_scores(damping=0.95, tol=1e-9, max_iter=5000),
                 exact_pagerank(names, edges, 0.95), 1e-6)


def test_random_graphs_against_exact_fixed_point():
    rng = random.Random(2024)
    for _ in range(15):
        n = rng.randint(2, 30)
        names = [f"c{i:02d}" for i in range(n)]
        edges = set()
        for _ in range(rng.randint(0, 3 * n)):
            a, b = rng.sample(names, 2)
            edges.add((a, b))
        g = CitationGraph()
        for name in names:
            g.add_case(name)
        for a, b in edges:
            g.add_citation(a, b)
        scores = g.authority_scores()
        check_scores(scores, exact_pagerank(names, sorted(edges)))
        assert sum(scores.values()) == pytest.approx(1.0, abs=1e-9)


def test_top_authorities_ties_and_bounds():
    g = CitationGraph()
    # 'm' and 'b' are symmetric; so are the three citers
    for citer in ["z", "y", "x"]:
        g.add_citation(citer, "m")
        g.add_citation(citer, "b")
    top = g.top_authorities(10)
    assert type(top) is list and len(top) == 5
    assert [name for name, _ in top] == ["b", "m", "x", "y", "z"]
    assert all(type(name) is str and type(score) is float for name, score in top)
    assert top[0][1] == pytest.approx(top[1][1], abs=1e-12)
    assert g.top_authorities(0) == []
    assert g.top_authorities(-3) == []
    assert [name for name, _ in g.top_authorities(1)] == ["b"]


def test_top_authorities_uses_damping():
    g = CitationGraph()
    g.add_citation("a", "b")
    g.add_citation("c", "b")
    g.add_citation("b", "d")
    top = g.top_authorities(4, damping=0.3)
    expected = exact_pagerank(["a", "b", "c", "d"], [("a", "b"), ("c", "b"), ("b", "d")], 0.3)
    assert [name for name, _ in top] == sorted(expected, key=lambda x: (-round(expected[x], 9), x))
    for name, score in top:
        assert score == pytest.approx(expected[name], abs=1e-5)


def test_scale_eight_thousand_cases():
    rng = random.Random(31337)
    n = 8_000
    names = [f"case-{i:05d}" for i in range(n)]
    g = CitationGraph()
    for name in names:
        g.add_case(name)
    out = [[] for _ in range(n)]
    for a in range(0, n, 2):  # the odd cases are dangling
        for b in set(rng.sample(range(n), 5)):
            if b != a:
                out[a].append(b)
                g.add_citation(names[a], names[b])
    scores = g.authority_scores()
    assert type(scores) is dict and len(scores) == n
    r = [scores[name] for name in names]
    assert all(type(x) is float and x > 0 for x in r)
    assert sum(r) == pytest.approx(1.0, abs=1e-6)
    # one more step of the iteration barely moves a converged answer
    d = 0.85
    leak = sum(r[i] for i in range(n) if not out[i]) / n
    step = [(1 - d) / n + d * leak] * n
    for a in range(n):
        if out[a]:
            share = d * r[a] / len(out[a])
            for b in out[a]:
                step[b] += share
    assert sum(abs(x - y) for x, y in zip(step, r)) < 1e-5

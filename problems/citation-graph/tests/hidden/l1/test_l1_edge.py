import random

import pytest

from citations import CitationGraph


def assert_str_list(value, expected):
    assert type(value) is list
    assert all(type(x) is str for x in value)
    assert value == expected


def brute_all_citing(edges, target):
    citers = {}
    for a, b in edges:
        citers.setdefault(b, set()).add(a)
    seen = set()
    todo = [target]
    while todo:
        node = todo.pop()
        for c in citers.get(node, ()):
            if c not in seen:
                seen.add(c)
                todo.append(c)
    seen.discard(target)
    return sorted(seen)


def test_empty_graph():
    g = CitationGraph()
    assert_str_list(g.cases(), [])
    with pytest.raises(KeyError):
        g.cited_by("x")


@pytest.mark.parametrize("bad", ["", None, 42, ("a",)])
def test_invalid_ids_raise_value_error(bad):
    g = CitationGraph()
    with pytest.raises(ValueError):
        g.add_case(bad)
    with pytest.raises(ValueError):
        g.add_citation("a", bad)
    with pytest.raises(ValueError):
        g.add_citation(bad, "a")


def test_self_citation_changes_nothing():
    g = CitationGraph()
    g.add_case("a")
    with pytest.raises(ValueError):
        g.add_citation("a", "a")
    with pytest.raises(ValueError):
        g.add_citation("new", "new")
    assert_str_list(g.cases(), ["a"])
    assert_str_list(g.cites("a"), [])


def test_duplicate_citations_are_stored_once():
    g = CitationGraph()
    for _ in range(3):
        g.add_citation("b", "a")
    assert_str_list(g.cites("b"), ["a"])
    assert_str_list(g.cited_by("a"), ["b"])


def test_cycle_excludes_the_case_itself():
    g = CitationGraph()
    g.add_citation("a", "b")
    g.add_citation("b", "c")
    g.add_citation("c", "a")
    g.add_citation("d", "a")
    assert_str_list(g.all_citing("a"), ["b", "c", "d"])
    assert_str_list(g.all_citing("c"), ["a", "b", "d"])
    assert_str_list(g.all_citing("d"), [])


def test_results_are_fresh_lists():
    g = CitationGraph()
    g.add_citation("b", "a")
    g.add_citation("c", "b")
    g.cases().append("zzz")
    g.cites("b").clear()
    g.cited_by("a").append("q")
    g.all_citing("a").clear()
    assert_str_list(g.cases(), ["a", "b", "c"])
    assert_str_list(g.cites("b"), ["a"])
    assert_str_list(g.cited_by("a"), ["b"])
    assert_str_list(g.all_citing("a"), ["b", "c"])


def test_sorting_is_by_str_order():
    g = CitationGraph()
    for name in ["b", "B", "a10", "a9", "\u00e9", "_x"]:
        g.add_citation(name, "root")
    assert_str_list(g.cited_by("root"), sorted(["b", "B", "a10", "a9", "\u00e9", "_x"]))
    assert_str_list(g.all_citing("root"), ["B", "_x", "a10", "a9", "b", "\u00e9"])


def test_random_graphs_match_brute_force():
    rng = random.Random(1234)
    for _ in range(20):
        n = rng.randint(2, 40)
        names = [f"case-{i:03d}" for i in range(n)]
        edges = set()
        for _ in range(rng.randint(0, 3 * n)):
            a, b = rng.sample(names, 2)
            edges.add((a, b))
        g = CitationGraph()
        for name in names:
            g.add_case(name)
        for a, b in sorted(edges, key=lambda e: rng.random()):
            g.add_citation(a, b)
        for name in names:
            assert_str_list(g.all_citing(name), brute_all_citing(edges, name))


def test_long_chain_without_recursion():
    n = 30_000
    g = CitationGraph()
    for i in range(1, n):
        g.add_citation(f"c{i:06d}", f"c{i - 1:06d}")
    result = g.all_citing("c000000")
    assert type(result) is list and len(result) == n - 1
    assert result[0] == "c000001" and result[-1] == f"c{n - 1:06d}"
    assert_str_list(g.all_citing(f"c{n - 3:06d}"), [f"c{n - 2:06d}", f"c{n - 1:06d}"])


def test_wide_fan_in():
    g = CitationGraph()
    for i in range(10_000):
        g.add_citation(f"x{i:05d}", "hub")
        g.add_citation(f"y{i:05d}", f"x{i:05d}")
    result = g.all_citing("hub")
    assert type(result) is list and len(result) == 20_000
    assert result == sorted(result)

import random

import pytest

from citations import CitationGraph, CycleError


def assert_valid_cycle(g, cycle):
    assert type(cycle) is list and len(cycle) >= 2
    assert all(type(c) is str for c in cycle)
    assert len(set(cycle)) == len(cycle)
    for i, case in enumerate(cycle):
        assert cycle[(i + 1) % len(cycle)] in g.cites(case)


def brute_order(names, edges):
    # smallest available case whose cited cases are all placed
    cites = {n: set() for n in names}
    for a, b in edges:
        cites[a].add(b)
    placed, order = set(), []
    while len(order) < len(names):
        ready = [n for n in names if n not in placed and cites[n] <= placed]
        if not ready:
            return None
        pick = min(ready)
        placed.add(pick)
        order.append(pick)
    return order


def test_lexicographic_not_insertion_order():
    g = CitationGraph()
    g.add_citation("zeta", "beta")
    g.add_citation("alpha", "beta")
    g.add_citation("gamma", "zeta")
    g.add_case("delta")
    assert g.precedence_order() == ["beta", "alpha", "delta", "zeta", "gamma"]


def test_a_case_comes_after_all_it_cites_even_if_smaller():
    g = CitationGraph()
    g.add_citation("a", "z")
    g.add_citation("a", "y")
    g.add_citation("b", "a")
    assert g.precedence_order() == ["y", "z", "a", "b"]


def test_cycle_not_reachable_from_the_smallest_case():
    g = CitationGraph()
    g.add_citation("a", "b")
    g.add_citation("x", "y")
    g.add_citation("y", "z")
    g.add_citation("z", "x")
    cycle = g.find_cycle()
    assert_valid_cycle(g, cycle)
    assert sorted(cycle) == ["x", "y", "z"]
    with pytest.raises(CycleError):
        g.precedence_order()


def test_diamond_is_not_a_cycle():
    g = CitationGraph()
    g.add_citation("top", "left")
    g.add_citation("top", "right")
    g.add_citation("left", "bottom")
    g.add_citation("right", "bottom")
    assert g.find_cycle() is None
    assert g.precedence_order() == ["bottom", "left", "right", "top"]


def test_cycle_error_raised_as_value_error():
    g = CitationGraph()
    g.add_citation("a", "b")
    g.add_citation("b", "a")
    with pytest.raises(ValueError):
        g.precedence_order()


def test_random_graphs_against_brute_force():
    rng = random.Random(99)
    for trial in range(40):
        n = rng.randint(1, 25)
        names = [f"k{rng.randint(0, 999):03d}-{i}" for i in range(n)]
        rank = {name: i for i, name in enumerate(rng.sample(names, n))}
        edges = set()
        for _ in range(rng.randint(0, 2 * n)):
            if n < 2:
                break
            a, b = rng.sample(names, 2)
            if trial % 2 == 0 and rank[a] < rank[b]:
                a, b = b, a  # even trials are acyclic: cite only lower-ranked cases
            edges.add((a, b))
        g = CitationGraph()
        for name in names:
            g.add_case(name)
        for a, b in edges:
            g.add_citation(a, b)
        expected = brute_order(names, edges)
        cycle = g.find_cycle()
        if expected is None:
            assert_valid_cycle(g, cycle)
            with pytest.raises(CycleError):
                g.precedence_order()
        else:
            assert cycle is None
            assert g.precedence_order() == expected


def test_long_cycle_without_recursion():
    n = 30_000
    g = CitationGraph()
    for i in range(n):
        g.add_citation(f"c{i:05d}", f"c{(i + 1) % n:05d}")
    cycle = g.find_cycle()
    assert type(cycle) is list and len(cycle) == n
    assert len(set(cycle)) == n
    start = cycle.index("c00000")
    rotated = cycle[start:] + cycle[:start]
    assert rotated == [f"c{i:05d}" for i in range(n)]
    with pytest.raises(CycleError):
        g.precedence_order()


def test_long_chain_order_without_recursion():
    n = 30_000
    g = CitationGraph()
    for i in range(n - 1):
        g.add_citation(f"c{i:05d}", f"c{i + 1:05d}")
    assert g.find_cycle() is None
    order = g.precedence_order()
    assert type(order) is list and len(order) == n
    assert order[0] == f"c{n - 1:05d}" and order[-1] == "c00000"

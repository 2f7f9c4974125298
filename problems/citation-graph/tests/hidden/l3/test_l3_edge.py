import random
from collections import deque

from citations import CitationGraph


def assert_path(value, expected):
    assert type(value) is list
    assert all(type(x) is str for x in value)
    assert value == expected


def brute_path(names, edges, source, target):
    """Distances to the target on reversed edges, then a greedy walk by smallest id."""
    cites = {n: set() for n in names}
    citers = {n: set() for n in names}
    for a, b in edges:
        cites[a].add(b)
        citers[b].add(a)
    dist = {target: 0}
    queue = deque([target])
    while queue:
        node = queue.popleft()
        for c in citers[node]:
            if c not in dist:
                dist[c] = dist[node] + 1
                queue.append(c)
    if source not in dist:
        return None
    path = [source]
    while path[-1] != target:
        here = path[-1]
        path.append(min(n for n in cites[here] if dist.get(n) == dist[here] - 1))
    return path


def test_ties_use_list_order_not_insertion_order():
    g = CitationGraph()
    # inserted so that the larger ids come first
    g.add_citation("s", "z1")
    g.add_citation("s", "m1")
    g.add_citation("s", "a1")
    g.add_citation("z1", "t")
    g.add_citation("m1", "t")
    g.add_citation("a1", "t")
    assert_path(g.shortest_path("s", "t"), ["s", "a1", "t"])


def test_tie_decided_deep_in_the_path():
    g = CitationGraph()
    edges = [("s", "b"), ("s", "a"), ("b", "x"), ("a", "y"), ("x", "t"), ("y", "t"),
             ("b", "c"), ("c", "t")]
    for a, b in edges:
        g.add_citation(a, b)
    # s-a-y-t and s-b-x-t have the same length; 'a' < 'b' decides
    assert_path(g.shortest_path("s", "t"), ["s", "a", "y", "t"])
    g.add_citation("b", "t")
    assert_path(g.shortest_path("s", "t"), ["s", "b", "t"])


def test_second_position_equal_third_decides():
    g = CitationGraph()
    for a, b in [("s", "m"), ("m", "q"), ("m", "p"), ("q", "t"), ("p", "t"),
                 ("s", "n"), ("n", "a"), ("a", "t")]:
        g.add_citation(a, b)
    assert_path(g.shortest_path("s", "t"), ["s", "m", "p", "t"])


def test_citations_are_followed_in_their_direction_only():
    g = CitationGraph()
    g.add_citation("a", "b")
    g.add_citation("c", "b")
    assert g.shortest_path("a", "c") is None
    assert_path(g.shortest_path("a", "b"), ["a", "b"])


def test_paths_through_cycles():
    g = CitationGraph()
    for a, b in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]:
        g.add_citation(a, b)
    assert_path(g.shortest_path("a", "d"), ["a", "b", "c", "d"])
    assert_path(g.shortest_path("c", "b"), ["c", "a", "b"])
    assert g.shortest_path("d", "a") is None


def test_random_graphs_against_brute_force():
    rng = random.Random(7)
    for _ in range(60):
        n = rng.randint(2, 30)
        names = [f"{rng.choice('abcxyz')}{i}" for i in range(n)]
        edges = set()
        for _ in range(rng.randint(n, 4 * n)):
            a, b = rng.sample(names, 2)
            edges.add((a, b))
        g = CitationGraph()
        for a, b in sorted(edges, key=lambda e: rng.random()):
            g.add_citation(a, b)
        for name in names:
            g.add_case(name)
        for _ in range(10):
            s, t = rng.choice(names), rng.choice(names)
            expected = brute_path(names, edges, s, t)
            got = g.shortest_path(s, t)
            if expected is None:
                assert got is None
            else:
                assert_path(got, expected)


def test_long_path_without_recursion():
    n = 30_000
    g = CitationGraph()
    for i in range(n - 1):
        g.add_citation(f"c{i:05d}", f"c{i + 1:05d}")
    path = g.shortest_path("c00000", f"c{n - 1:05d}")
    assert type(path) is list and len(path) == n
    assert path[0] == "c00000" and path[-1] == f"c{n - 1:05d}"
    assert g.shortest_path(f"c{n - 1:05d}", "c00000") is None

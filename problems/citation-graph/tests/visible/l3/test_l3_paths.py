import pytest

from citations import CitationGraph


def example_graph():
    g = CitationGraph()
    for citing, cited in [("r", "b"), ("r", "c"), ("c", "d"), ("b", "d"), ("d", "h"), ("c", "h")]:
        g.add_citation(citing, cited)
    return g


def assert_path(value, expected):
    assert type(value) is list
    assert all(type(x) is str for x in value)
    assert value == expected


def test_statement_example():
    g = example_graph()
    assert_path(g.shortest_path("r", "h"), ["r", "c", "h"])
    assert_path(g.shortest_path("r", "d"), ["r", "b", "d"])
    assert g.shortest_path("h", "r") is None
    assert_path(g.shortest_path("d", "d"), ["d"])


def test_direct_citation():
    g = example_graph()
    assert_path(g.shortest_path("b", "d"), ["b", "d"])


def test_unknown_case():
    g = example_graph()
    with pytest.raises(KeyError):
        g.shortest_path("r", "nowhere")
    with pytest.raises(KeyError):
        g.shortest_path("nowhere", "r")


def test_isolated_case_is_unreachable():
    g = example_graph()
    g.add_case("island")
    assert g.shortest_path("r", "island") is None
    assert g.shortest_path("island", "r") is None
    assert_path(g.shortest_path("island", "island"), ["island"])

import pytest

from citations import CitationGraph


def example_graph():
    g = CitationGraph()
    g.add_citation("robinson-2018", "caparo-1990")
    g.add_citation("robinson-2018", "donoghue-1932")
    g.add_citation("caparo-1990", "donoghue-1932")
    g.add_citation("caparo-1990", "hedley-1964")
    g.add_citation("hedley-1964", "donoghue-1932")
    g.add_case("anns-1978")
    return g


def assert_str_list(value, expected):
    assert type(value) is list
    assert all(type(x) is str for x in value)
    assert value == expected


def test_statement_example():
    g = example_graph()
    assert_str_list(
        g.cases(),
        ["anns-1978", "caparo-1990", "donoghue-1932", "hedley-1964", "robinson-2018"],
    )
    assert_str_list(g.cites("caparo-1990"), ["donoghue-1932", "hedley-1964"])
    assert_str_list(g.cited_by("donoghue-1932"), ["caparo-1990", "hedley-1964", "robinson-2018"])
    assert_str_list(g.all_citing("hedley-1964"), ["caparo-1990", "robinson-2018"])
    assert_str_list(g.all_citing("anns-1978"), [])


def test_all_citing_of_the_root_precedent():
    g = example_graph()
    assert_str_list(g.all_citing("donoghue-1932"), ["caparo-1990", "hedley-1964", "robinson-2018"])
    assert_str_list(g.all_citing("robinson-2018"), [])


def test_direct_lists_for_a_case_without_citations():
    g = example_graph()
    assert_str_list(g.cites("anns-1978"), [])
    assert_str_list(g.cited_by("anns-1978"), [])
    assert_str_list(g.cites("donoghue-1932"), [])


def test_add_case_twice_keeps_citations():
    g = example_graph()
    g.add_case("caparo-1990")
    assert_str_list(g.cites("caparo-1990"), ["donoghue-1932", "hedley-1964"])
    assert len(g.cases()) == 5


def test_unknown_case_raises_key_error():
    g = example_graph()
    with pytest.raises(KeyError):
        g.all_citing("nobody-2000")
    with pytest.raises(KeyError):
        g.cites("nobody-2000")


def test_self_citation_is_rejected():
    g = CitationGraph()
    with pytest.raises(ValueError):
        g.add_citation("a", "a")

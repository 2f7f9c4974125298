import pytest

from citations import CitationGraph, CycleError


def example_graph():
    g = CitationGraph()
    g.add_citation("robinson-2018", "caparo-1990")
    g.add_citation("robinson-2018", "donoghue-1932")
    g.add_citation("caparo-1990", "donoghue-1932")
    g.add_citation("caparo-1990", "hedley-1964")
    g.add_citation("hedley-1964", "donoghue-1932")
    g.add_case("anns-1978")
    return g


def assert_valid_cycle(g, cycle):
    assert type(cycle) is list and len(cycle) >= 2
    assert all(type(c) is str for c in cycle)
    assert len(set(cycle)) == len(cycle)
    for i, case in enumerate(cycle):
        assert cycle[(i + 1) % len(cycle)] in g.cites(case)


def test_statement_example():
    g = example_graph()
    assert g.find_cycle() is None
    order = g.precedence_order()
    assert type(order) is list
    assert order == ["anns-1978", "donoghue-1932", "hedley-1964", "caparo-1990", "robinson-2018"]
    g.add_citation("donoghue-1932", "robinson-2018")
    cycle = g.find_cycle()
    assert_valid_cycle(g, cycle)
    assert set(cycle) in ({"caparo-1990", "donoghue-1932", "robinson-2018"},
                          {"donoghue-1932", "robinson-2018"},
                          {"caparo-1990", "hedley-1964", "donoghue-1932", "robinson-2018"})
    with pytest.raises(CycleError):
        g.precedence_order()


def test_cycle_error_is_a_value_error():
    assert issubclass(CycleError, ValueError)


def test_two_case_cycle():
    g = CitationGraph()
    g.add_citation("appeal", "judgment")
    g.add_citation("judgment", "appeal")
    cycle = g.find_cycle()
    assert_valid_cycle(g, cycle)
    assert sorted(cycle) == ["appeal", "judgment"]


def test_ties_take_the_smallest_id_first():
    g = CitationGraph()
    for name in ["d", "c", "b", "a"]:
        g.add_case(name)
    g.add_citation("a", "d")
    assert g.precedence_order() == ["b", "c", "d", "a"]


def test_empty_graph():
    g = CitationGraph()
    assert g.find_cycle() is None
    assert g.precedence_order() == []

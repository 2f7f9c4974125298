"""Your own tests. Run them with:  python -m pytest tests

They are never scored; add whatever helps you.
"""

from citations import CitationGraph


def test_example_from_level_1():
    g = CitationGraph()
    g.add_citation("robinson-2018", "caparo-1990")
    g.add_citation("caparo-1990", "donoghue-1932")
    assert g.all_citing("donoghue-1932") == ["caparo-1990", "robinson-2018"]

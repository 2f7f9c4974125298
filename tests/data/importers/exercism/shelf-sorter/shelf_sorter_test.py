from pytest import mark

from shelf_sorter import by_author_then_year, by_title

SHELF = [
    {"title": "the quiet tide", "author": "Ng", "year": 2001},
    {"title": "Autumn Lines", "author": "Abe", "year": 1999},
    {"title": "Nine Bridges", "author": "Ng", "year": 1987},
]


def titles(books):
    return [book["title"] for book in books]


def test_empty_shelf():
    assert by_title([]) == []


@mark.task(taskno=1)
def test_by_title_ignores_case():
    assert titles(by_title(SHELF)) == ["Autumn Lines", "Nine Bridges", "the quiet tide"]


@mark.task(taskno=1)
def test_by_title_keeps_the_input():
    before = list(SHELF)
    by_title(SHELF)
    assert SHELF == before


@mark.task(taskno=2)
class TestByAuthor:
    def test_author_then_year(self):
        assert titles(by_author_then_year(SHELF)) == [
            "Autumn Lines", "Nine Bridges", "the quiet tide"]

    def test_same_author_by_year(self):
        books = [b for b in SHELF if b["author"] == "Ng"]
        assert [b["year"] for b in by_author_then_year(books)] == [1987, 2001]

import pytest

from highlighter import highlight, mark, merge_spans, quote_spans

ANSWER = ("As the court held, the duty of care extends to economic loss in some cases. "
          "It also said that liability is not unlimited.")
SOURCES = [
    "In this case the duty of care extends to economic loss where there is reliance.",
    "The judge said that liability is not unlimited in scope.",
]


def check_spans(spans, expected):
    assert type(spans) is list
    assert all(type(s) is tuple and len(s) == 2 and type(s[0]) is int and type(s[1]) is int
               for s in spans)
    assert spans == expected


def test_statement_example():
    check_spans(quote_spans(ANSWER, SOURCES), [(19, 60), (84, 120)])
    out = highlight(ANSWER, SOURCES)
    assert type(out) is str
    assert out == ("As the court held, <mark>the duty of care extends to economic loss</mark> "
                   "in some cases. It also <mark>said that liability is not unlimited</mark>.")


def test_merge_spans_touching_and_overlapping():
    check_spans(merge_spans([(5, 9), (0, 5), (20, 25), (22, 24), (11, 12)]),
                [(0, 9), (11, 12), (20, 25)])


def test_merge_spans_drops_empty_and_rejects_invalid():
    check_spans(merge_spans([(3, 3), (1, 2)]), [(1, 2)])
    with pytest.raises(ValueError):
        merge_spans([(4, 2)])
    with pytest.raises(ValueError):
        merge_spans([(-1, 2)])


def test_mark():
    assert mark("abcdef", [(0, 2), (2, 3), (4, 5)]) == "<mark>abc</mark>d<mark>e</mark>f"
    assert mark("abc", []) == "abc"
    with pytest.raises(ValueError):
        mark("abc", [(1, 4)])


def test_min_words():
    answer = "Notice must be given in writing."
    sources = ["Any notice must be given to the other party."]
    check_spans(quote_spans(answer, sources, min_words=4), [])
    check_spans(quote_spans(answer, sources, min_words=3), [(7, 20)])
    assert highlight(answer, sources, min_words=3) == "Notice <mark>must be given</mark> in writing."
    with pytest.raises(ValueError):
        quote_spans(answer, sources, min_words=0)

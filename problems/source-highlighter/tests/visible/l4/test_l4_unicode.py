from highlighter import highlight, keyword_spans, quote_spans


def check_spans(spans, expected):
    assert type(spans) is list
    assert all(type(s) is tuple and len(s) == 2 and type(s[0]) is int and type(s[1]) is int
               for s in spans)
    assert spans == expected


def test_statement_example_keywords():
    text = "Ma\u0301laga \ufb01nance STRASSE stra\u00dfe \u00bd"
    check_spans(keyword_spans(text, ["m\u00e1laga", "finance", "strasse", "1"], normalize=True),
                [(0, 7), (8, 14), (15, 22), (23, 29)])


def test_statement_example_highlight():
    answer = "The \uff26\uff29\uff2e\uff21\uff2e\uff23\uff25 clause of the \ufb01nal Agreement applies."
    sources = ["the finance clause of the final agreement"]
    out = highlight(answer, sources, min_words=3, normalize=True)
    assert type(out) is str
    assert out == ("<mark>The \uff26\uff29\uff2e\uff21\uff2e\uff23\uff25 clause of the \ufb01nal "
                   "Agreement</mark> applies.")
    assert highlight(answer, sources, min_words=3) == (
        "The \uff26\uff29\uff2e\uff21\uff2e\uff23\uff25 <mark>clause of the</mark> \ufb01nal Agreement applies.")


def test_without_normalize_nothing_changes():
    text = "\ufb01nance finance"
    check_spans(keyword_spans(text, ["finance"]), [(7, 14)])
    check_spans(keyword_spans(text, ["finance"], normalize=True), [(0, 6), (7, 14)])


def test_decomposed_and_composed_accents_match():
    text = "cafe\u0301 and caf\u00e9"
    check_spans(keyword_spans(text, ["CAF\u00c9"], normalize=True), [(0, 5), (10, 14)])
    check_spans(quote_spans("Le cafe\u0301 du coin", ["LE CAF\u00c9 DU"], 3, normalize=True), [(0, 11)])


def test_casefold_sharp_s():
    check_spans(keyword_spans("Gro\u00dfe Strasse", ["grosse", "STRA\u00dfE"], normalize=True),
                [(0, 5), (6, 13)])

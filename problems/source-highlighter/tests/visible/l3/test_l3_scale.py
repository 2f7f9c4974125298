from highlighter import highlight, quote_spans


def test_statement_example():
    sources = [f"Paragraph {i}: the tribunal considered clause {i} of the lease." for i in range(300)]
    answer = "The tribunal considered clause 17 of the lease, and clause 999 of the lease too."
    spans = quote_spans(answer, sources, min_words=5)
    assert type(spans) is list and all(type(s) is tuple for s in spans)
    assert spans == [(4, 46)]
    assert answer[4:46] == "tribunal considered clause 17 of the lease"


def test_many_sources_one_quote_each():
    sources = [f"Source {i} says the rent of unit {i} is due on day {i % 28 + 1}." for i in range(200)]
    answer = "We know the rent of unit 42 is due on day 15, and unit 43 is due on day 3."
    assert quote_spans(answer, sources, min_words=8) == [(8, 44)]
    assert highlight(answer, sources, min_words=8) == (
        "We know <mark>the rent of unit 42 is due on day 15</mark>, and unit 43 is due on day 3.")

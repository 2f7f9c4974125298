from highlighter import keyword_spans

TEXT = ("The Court in Smith v. Jones held that the duty of care extends to economic loss. "
        "The duty-of-care test is strict; duty applies.")


def check(spans, expected):
    assert type(spans) is list
    assert all(type(s) is tuple and len(s) == 2 and type(s[0]) is int and type(s[1]) is int
               for s in spans)
    assert spans == expected


def test_statement_example():
    spans = keyword_spans(TEXT, ["duty of care", "Duty", "loss", "court"])
    check(spans, [(4, 9), (42, 46), (42, 54), (75, 79), (85, 89), (114, 118)])
    assert [TEXT[a:b] for a, b in spans] == [
        "Court", "duty", "duty of care", "loss", "duty", "duty"]


def test_keyword_inside_a_longer_word_does_not_count():
    text = "glossary losses loss-making loss."
    check(keyword_spans(text, ["loss"]), [(16, 20), (28, 32)])


def test_case_insensitive():
    check(keyword_spans("LIABILITY and Liability", ["liability"]), [(0, 9), (14, 23)])


def test_no_keywords_or_no_matches():
    check(keyword_spans(TEXT, []), [])
    check(keyword_spans(TEXT, ["negligence", ""]), [])
    check(keyword_spans("", ["duty"]), [])


def test_duplicate_keywords_report_a_span_once():
    check(keyword_spans("Duty, duty.", ["duty", "DUTY", "Duty"]), [(0, 4), (6, 10)])

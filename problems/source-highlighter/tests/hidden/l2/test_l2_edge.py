import random

import pytest

from highlighter import highlight, mark, merge_spans, quote_spans


def check_spans(spans, expected):
    assert type(spans) is list
    assert all(type(s) is tuple and len(s) == 2 and type(s[0]) is int and type(s[1]) is int
               for s in spans)
    assert spans == expected


def words_with_spans(text):
    out, i, n = [], 0, len(text)
    while i < n:
        if text[i].isalnum():
            j = i
            while j < n and text[j].isalnum():
                j += 1
            out.append((text[i:j], i, j))
            i = j
        else:
            i += 1
    return out


def brute_quotes(answer, sources, k):
    aw = words_with_spans(answer)
    windows = set()
    for s in sources:
        sw = [w for w, _, _ in words_with_spans(s)]
        for j in range(len(sw) - k + 1):
            windows.add(tuple(sw[j:j + k]))
    spans = []
    for i in range(len(aw) - k + 1):
        if tuple(w for w, _, _ in aw[i:i + k]) in windows:
            spans.append((aw[i][1], aw[i + k - 1][2]))
    spans.sort()
    merged = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def test_merge_chain_of_touching_spans():
    check_spans(merge_spans([(4, 6), (0, 2), (2, 4), (6, 8)]), [(0, 8)])
    check_spans(merge_spans(iter([(0, 10), (2, 3), (3, 12)])), [(0, 12)])
    check_spans(merge_spans([]), [])


def test_mark_touching_spans_become_one_tag():
    assert mark("duty of care", [(0, 4), (4, 7), (8, 12)]) == "<mark>duty of</mark> <mark>care</mark>"
    assert mark("abc", [(0, 3)]) == "<mark>abc</mark>"
    assert mark("abc", [(1, 1)]) == "abc"


def test_mark_does_not_escape_html():
    assert mark("a < b & c", [(2, 3)]) == "a <mark><</mark> b & c"


def test_quotes_are_case_sensitive_and_ignore_punctuation():
    answer = "The Duty of care -- extends, to all."
    check_spans(quote_spans(answer, ["the duty of care extends to all"], 3), [(9, 35)])
    check_spans(quote_spans(answer, ["The Duty of care, extends"], 3), [(0, 27)])


def test_a_window_never_spans_two_sources():
    answer = "alpha beta gamma delta"
    check_spans(quote_spans(answer, ["alpha beta", "gamma delta"], 3), [])
    check_spans(quote_spans(answer, ["alpha beta gamma", "delta"], 3), [(0, 16)])


def test_separated_quotes_stay_separate():
    answer = "one two three four five six"
    sources = ["one two three", "four five six"]
    check_spans(quote_spans(answer, sources, 3), [(0, 13), (14, 27)])
    assert highlight(answer, sources, 3) == "<mark>one two three</mark> <mark>four five six</mark>"


def test_repeated_window_in_the_answer_is_marked_every_time():
    answer = "pay the fee; later, pay the fee"
    check_spans(quote_spans(answer, ["you must pay the fee"], 3), [(0, 11), (20, 31)])


def test_words_split_on_apostrophes_and_brackets():
    answer = "under s. 12(b) don't"
    check_spans(quote_spans(answer, ["s 12 b don t"], 5), [(6, 20)])


def test_min_words_one_marks_every_shared_word():
    check_spans(quote_spans("a cat, a dog", ["dog a"], 1), [(0, 1), (7, 8), (9, 12)])


def test_no_sources_or_short_answer():
    check_spans(quote_spans("some words here", [], 1), [])
    check_spans(quote_spans("two words", ["two words"], 3), [])
    assert highlight("", ["anything"], 1) == ""


def test_random_against_brute_force():
    rng = random.Random(21)
    vocab = ["the", "court", "held", "duty", "of", "care", "Care", "loss", "12", "b"]
    seps = [" ", " ", ", ", ". ", " (", ") ", "-", "'"]
    for _ in range(150):
        def text(n):
            return "".join(rng.choice(vocab) + rng.choice(seps) for _ in range(n))
        answer = text(rng.randint(0, 30))
        sources = [text(rng.randint(0, 30)) for _ in range(rng.randint(0, 4))]
        k = rng.randint(1, 5)
        expected = brute_quotes(answer, sources, k)
        check_spans(quote_spans(answer, sources, k), expected)
        assert highlight(answer, sources, k) == mark(answer, expected)


def test_invalid_span_types():
    with pytest.raises(ValueError):
        mark("abc", [(2, 1)])

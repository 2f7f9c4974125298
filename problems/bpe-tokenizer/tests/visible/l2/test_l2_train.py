import pytest

from bpe import train


def merges(corpus, n):
    got = train(corpus, n)
    assert type(got) is list
    for m in got:
        assert type(m) is tuple and len(m) == 2 and all(type(x) is int for x in m)
    return got


def test_example_from_statement():
    assert merges("low low low lower lowest newest newest", 10) == [
        (108, 111), (256, 119), (32, 257), (101, 115), (259, 116),
        (32, 110), (101, 119), (261, 262), (263, 260)]


def test_stops_when_no_pair_occurs_twice():
    assert merges("aaaa", 5) == [(97, 97)]
    assert merges("ab", 5) == []
    assert merges("", 5) == []


def test_zero_merges():
    assert merges("hello hello", 0) == []


def test_pairs_never_span_chunks():
    # the chunks are 'a', ' b', ' a', ' b', ' a', ' b': the pair ('a', ' ') never exists
    assert merges("a b a b a b", 3) == [(32, 98), (32, 97)]


def test_bad_num_merges():
    with pytest.raises(ValueError):
        train("abc", -1)
    with pytest.raises(ValueError):
        train("abc", 2.5)

import pytest

from chunker import Chunk, dedupe, jaccard, shingles

def example_chunks():
    a = Chunk("The Supplier shall keep all Confidential Information secret.", "SECTION 4 Confidentiality")
    b = Chunk("The Supplier shall keep all confidential information secret!", "SECTION 9 Miscellaneous")
    c = Chunk("The Customer shall keep all Confidential Information secret.", "SECTION 9 Miscellaneous")
    return a, b, c


def test_statement_example():
    A, B, C = example_chunks()
    sa = shingles(A.text)
    assert type(sa) is set and all(type(s) is tuple for s in sa)
    assert sorted(sa)[:2] == [("all", "confidential", "information"),
                              ("confidential", "information", "secret")]
    assert len(sa) == 6
    ab = jaccard(sa, shingles(B.text))
    ac = jaccard(sa, shingles(C.text))
    assert type(ab) is float and ab == 1.0
    assert type(ac) is float and ac == 0.5
    kept = list(dedupe([A, B, C], threshold=0.8))
    assert len(kept) == 2 and kept[0] is A and kept[1] is C
    kept = list(dedupe([A, B, C], threshold=0.5))
    assert len(kept) == 1 and kept[0] is A


def test_short_texts():
    assert shingles("Hello, world!") == {("hello", "world")}
    assert shingles("... --") == set()
    assert shingles("a b c", size=1) == {("a",), ("b",), ("c",)}


def test_jaccard_of_empty_sets():
    assert jaccard(set(), set()) == 1.0
    assert jaccard({("a",)}, set()) == 0.0


def test_distinct_chunks_are_all_kept():
    chunks = [Chunk(f"Clause {i} covers topic number {i * 7} only.") for i in range(20)]
    kept = list(dedupe(chunks))
    assert len(kept) == 20 and all(k is c for k, c in zip(kept, chunks))


def test_invalid_parameters():
    A, _, _ = example_chunks()
    with pytest.raises(ValueError):
        dedupe([A], threshold=0)
    with pytest.raises(ValueError):
        dedupe([A], threshold=1.5)
    with pytest.raises(ValueError):
        shingles("a b", size=0)

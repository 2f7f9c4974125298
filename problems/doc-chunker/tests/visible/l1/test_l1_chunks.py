import pytest

from chunker import Chunk, chunk_text, split_sentences

EXAMPLE = """The Supplier shall deliver the Goods by 1 March. Payment is due within 30 days of the
invoice. Late payment accrues interest under s. 5 of the Act. Title passes on payment."""


def check_chunks(chunks, texts):
    assert type(chunks) is list
    for chunk in chunks:
        assert isinstance(chunk, Chunk)
        assert type(chunk.text) is str
        assert chunk.heading is None
    assert [c.text for c in chunks] == texts


def test_statement_example():
    sentences = split_sentences(EXAMPLE)
    assert type(sentences) is list and all(type(s) is str for s in sentences)
    assert sentences == [
        "The Supplier shall deliver the Goods by 1 March.",
        "Payment is due within 30 days of the invoice.",
        "Late payment accrues interest under s. 5 of the Act.",
        "Title passes on payment.",
    ]
    chunks = chunk_text(EXAMPLE, max_tokens=20, overlap=10)
    check_chunks(chunks, [
        "The Supplier shall deliver the Goods by 1 March. Payment is due within 30 days of the invoice.",
        "Payment is due within 30 days of the invoice. Late payment accrues interest under s. 5 of the Act.",
        "Late payment accrues interest under s. 5 of the Act. Title passes on payment.",
    ])
    counts = [c.n_tokens for c in chunks]
    assert all(type(n) is int for n in counts) and counts == [18, 19, 14]


def test_without_overlap():
    check_chunks(chunk_text(EXAMPLE, max_tokens=20), [
        "The Supplier shall deliver the Goods by 1 March. Payment is due within 30 days of the invoice.",
        "Late payment accrues interest under s. 5 of the Act. Title passes on payment.",
    ])


def test_long_sentence_is_cut_into_pieces():
    text = "one two three four five six seven. eight nine."
    check_chunks(chunk_text(text, max_tokens=3), [
        "one two three", "four five six", "seven. eight nine.",
    ])


def test_blank_line_ends_a_sentence():
    text = "WHEREAS the Parties agree\n\nNOW THEREFORE they sign."
    assert split_sentences(text) == ["WHEREAS the Parties agree", "NOW THEREFORE they sign."]


def test_empty_text():
    assert split_sentences("  \n\n ") == []
    assert chunk_text("", max_tokens=5) == []


def test_invalid_budget():
    with pytest.raises(ValueError):
        chunk_text(EXAMPLE, max_tokens=0)
    with pytest.raises(ValueError):
        chunk_text(EXAMPLE, max_tokens=10, overlap=10)
    with pytest.raises(ValueError):
        chunk_text(EXAMPLE, max_tokens=10, overlap=-1)

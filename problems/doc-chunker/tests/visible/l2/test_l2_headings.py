import pytest

from chunker import Chunk, chunk_document, chunk_text, is_heading

DOC = """MASTER SERVICES AGREEMENT

This Agreement is made between Acme Ltd. and Beta Co. (the "Parties").

SECTION 1 Definitions
"Services" means the services in Schedule 2. "Fees" means the fees in Schedule 3.

SECTION 2 Term
This Agreement starts on the Effective Date. It continues for two years.
Either Party may renew it by notice.
"""


def pairs(chunks):
    assert type(chunks) is list
    out = []
    for c in chunks:
        assert isinstance(c, Chunk)
        assert type(c.text) is str
        assert c.heading is None or type(c.heading) is str
        out.append((c.heading, c.text))
    return out


def test_statement_example():
    assert pairs(chunk_document(DOC, max_tokens=16, overlap=6)) == [
        (None, 'MASTER SERVICES AGREEMENT This Agreement is made between Acme Ltd. and Beta Co. (the "Parties").'),
        ("SECTION 1 Definitions", '"Services" means the services in Schedule 2. "Fees" means the fees in Schedule 3.'),
        ("SECTION 2 Term", "This Agreement starts on the Effective Date. It continues for two years."),
        ("SECTION 2 Term", "It continues for two years. Either Party may renew it by notice."),
    ]


def test_is_heading_examples():
    for line in ["SECTION 3 Payment", "ARTICLE IV", "\u00a7 12 Notices", "\u00a712", "  PART 2  "]:
        assert is_heading(line) is True, line
    for line in ["Section 3 applies.", "SCHEDULED MAINTENANCE", "",
                 "PART " + " ".join(["x"] * 12)]:
        assert is_heading(line) is False, line


def test_overlap_does_not_cross_sections():
    doc = "SECTION 1\nA b c. D e f.\nSECTION 2\nG h i. J k l."
    assert pairs(chunk_document(doc, max_tokens=6, overlap=3)) == [
        ("SECTION 1", "A b c. D e f."),
        ("SECTION 2", "G h i. J k l."),
    ]


def test_heading_does_not_count_towards_the_budget():
    doc = "ARTICLE 7 Limitation of Liability\nNeither Party is liable."
    assert pairs(chunk_document(doc, max_tokens=4)) == [
        ("ARTICLE 7 Limitation of Liability", "Neither Party is liable."),
    ]


def test_without_headings_same_as_chunk_text():
    text = "One two. Three four five.\n\nSix seven"
    # Compared by fields: across the process boundary a chunk is a handle (issue 17).
    assert pairs(chunk_document(text, 4, 2)) == pairs(chunk_text(text, 4, 2))


def test_invalid_budget():
    with pytest.raises(ValueError):
        chunk_document(DOC, max_tokens=5, overlap=5)

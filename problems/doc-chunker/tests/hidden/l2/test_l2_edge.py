import random

import pytest

from chunker import Chunk, chunk_document, chunk_text, is_heading


def pairs(chunks):
    assert type(chunks) is list
    out = []
    for c in chunks:
        assert isinstance(c, Chunk)
        assert type(c.text) is str
        assert c.heading is None or type(c.heading) is str
        out.append((c.heading, c.text))
    return out


def test_heading_ends_an_unfinished_sentence():
    doc = "The Lessee shall\nSCHEDULE 1\nmaintain the premises"
    assert pairs(chunk_document(doc, 10)) == [
        (None, "The Lessee shall"),
        ("SCHEDULE 1", "maintain the premises"),
    ]


def test_heading_text_is_whitespace_normalised():
    doc = "  CHAPTER\t3   Remedies  \nDamages are available."
    assert pairs(chunk_document(doc, 10)) == [("CHAPTER 3 Remedies", "Damages are available.")]


def test_empty_sections_produce_nothing():
    doc = "PART 1\n\n   \nPART 2\nSECTION 2.1\nIt applies.\nPART 3\n"
    assert pairs(chunk_document(doc, 10)) == [("SECTION 2.1", "It applies.")]


def test_only_headings_and_blank_text():
    assert chunk_document("PART 1\nPART 2\n\n", 5) == []
    assert chunk_document("", 5) == []


def test_heading_keywords_are_exact_and_upper_case():
    assert is_heading("PARTIES") is False
    assert is_heading("Part 1") is False
    assert is_heading("SECTION") is True
    assert is_heading("SECTION:") is False
    assert is_heading("\u00a7\u00a7 4-6") is True
    assert is_heading("See \u00a7 4") is False
    assert is_heading("ARTICLE " + " ".join(["w"] * 11)) is True
    assert is_heading("ARTICLE " + " ".join(["w"] * 12)) is False


def test_long_heading_like_line_is_body_text():
    line = "SECTION 4 OF THIS AGREEMENT SHALL SURVIVE ANY TERMINATION OR EXPIRY OF THE TERM."
    assert len(line.split()) > 12
    doc = "SECTION 9 Survival\n" + line
    assert pairs(chunk_document(doc, 50)) == [("SECTION 9 Survival", line)]


def test_repeated_heading_text_makes_separate_sections():
    doc = "SECTION 1\nA b.\nSECTION 1\nC d."
    assert pairs(chunk_document(doc, 10, 1)) == [("SECTION 1", "A b."), ("SECTION 1", "C d.")]


def test_heading_on_a_line_with_text_after_it():
    doc = "\u00a7 5 The Buyer pays. The Seller delivers."
    # the whole line is a heading (7 words); its words are not body text
    assert pairs(chunk_document(doc, 10)) == []


def test_random_documents_section_by_section():
    rng = random.Random(77)
    words = ["the", "Agent", "acts.", "for", "s.", "Principal", "only.", "why?", "Co.)", "and"]
    heads = ["SECTION 1", "ARTICLE II Scope", "\u00a7 3", "PART 4 General", "SCHEDULE A"]
    for _ in range(100):
        sections = []
        heading = None
        lines = []
        body = []
        for _ in range(rng.randint(0, 20)):
            r = rng.random()
            if r < 0.15:
                sections.append((heading, "\n".join(body)))
                heading = rng.choice(heads)
                lines.append(heading)
                body = []
            elif r < 0.25:
                lines.append("")
                body.append("")
            else:
                line = " ".join(rng.choice(words) for _ in range(rng.randint(1, 7)))
                lines.append(line)
                body.append(line)
        sections.append((heading, "\n".join(body)))
        max_tokens = rng.randint(1, 12)
        overlap = rng.randint(0, max_tokens - 1)
        expected = []
        for head, text in sections:
            expected += [(head, c.text) for c in chunk_text(text, max_tokens, overlap)]
        assert pairs(chunk_document("\n".join(lines), max_tokens, overlap)) == expected


def test_many_sections_in_linear_time():
    rng = random.Random(8)
    parts = []
    for i in range(5_000):
        parts.append(f"SECTION {i}")
        parts.append(" ".join(rng.choice(["a", "b.", "c", "d."]) for _ in range(8)))
    chunks = chunk_document("\n".join(parts), 5, 2)
    assert type(chunks) is list and len(chunks) >= 5_000
    assert chunks[-1].heading == "SECTION 4999"
    assert all(isinstance(c, Chunk) and c.n_tokens <= 5 for c in chunks)


def test_invalid_budget():
    with pytest.raises(ValueError):
        chunk_document("SECTION 1\nA.", 0)

import itertools

import pytest

from chunker import Chunk, chunk_document, stream_chunks


def fields(chunks):
    """What a chunk is, as plain values: a chunk from the submission is a handle whose
    equality is identity (issue 17), so chunks are compared by their fields."""
    return [(c.text, c.heading) for c in chunks]


def court_records(counter):
    # the statement's generator is endless; this one stops after a million records
    for n in range(1, 1_000_001):
        if n % 100 == 1:
            counter.append(n)
            yield f"PART {n // 100 + 1}\n"
        counter.append(n)
        yield f"Record {n} was filed on time.\n"


def test_statement_example():
    counter = []
    chunks = stream_chunks(court_records(counter), max_tokens=12, overlap=6)
    first = list(itertools.islice(chunks, 3))
    assert all(isinstance(c, Chunk) for c in first)
    assert [(c.heading, c.text) for c in first] == [
        ("PART 1", "Record 1 was filed on time. Record 2 was filed on time."),
        ("PART 1", "Record 2 was filed on time. Record 3 was filed on time."),
        ("PART 1", "Record 3 was filed on time. Record 4 was filed on time."),
    ]
    assert len(counter) < 50


def test_nothing_is_read_when_called():
    counter = []
    stream_chunks(court_records(counter), max_tokens=12)
    assert counter == []


def test_same_chunks_as_chunk_document():
    doc = ("Preamble text here.\r\n\r\nARTICLE 1 Scope\r\nThe Contractor shall build the Works. "
           "It shall use good materials.\r\nARTICLE 2 Price\r\nThe Price is fixed.")
    lines = [line + "\r\n" for line in doc.split("\r\n")]
    expected = chunk_document(doc, 8, 3)
    got = stream_chunks(iter(lines), 8, 3)
    assert not isinstance(got, list)
    assert fields(got) == fields(expected)


def test_with_dedupe():
    lines = ["SECTION 1", "Notices must be given in writing.", "",
             "SECTION 2", "Notices must be given in writing!", "",
             "SECTION 3", "Payment is due monthly."]
    got = list(stream_chunks(lines, 20, dedupe_threshold=0.8))
    assert [(c.heading, c.text) for c in got] == [
        ("SECTION 1", "Notices must be given in writing."),
        ("SECTION 3", "Payment is due monthly."),
    ]


def test_invalid_arguments_raise_immediately():
    with pytest.raises(ValueError):
        stream_chunks(iter([]), max_tokens=0)
    with pytest.raises(ValueError):
        stream_chunks(iter([]), max_tokens=5, overlap=5)
    with pytest.raises(ValueError):
        stream_chunks(iter([]), max_tokens=5, dedupe_threshold=2.0)

import gc
import itertools
import random
import tracemalloc

import pytest

from chunker import Chunk, chunk_document, dedupe, stream_chunks


def fields(chunks):
    """What a chunk is, as plain values: a chunk from the submission is a handle whose
    equality is identity (issue 17), so chunks are compared by their fields."""
    return [(c.text, c.heading) for c in chunks]


def test_random_streams_match_chunk_document():
    rng = random.Random(606)
    words = ["The", "Bank", "may", "set-off", "s.", "12.", "Co.)", "sums.", "due?", "now!"]
    heads = ["SECTION 1", "PART 2 Security", "\u00a7 7", "SCHEDULE B"]
    for _ in range(80):
        lines = []
        for _ in range(rng.randint(0, 30)):
            r = rng.random()
            if r < 0.12:
                lines.append(rng.choice(heads))
            elif r < 0.22:
                lines.append(rng.choice(["", "  "]))
            else:
                lines.append(" ".join(rng.choice(words) for _ in range(rng.randint(1, 8))))
        max_tokens = rng.randint(1, 14)
        overlap = rng.randint(0, max_tokens - 1)
        expected = chunk_document("\n".join(lines), max_tokens, overlap)
        ending = rng.choice(["", "\n", "\r\n"])
        got = list(stream_chunks((line + ending for line in lines), max_tokens, overlap))
        assert fields(got) == fields(expected)
        assert all(isinstance(c, Chunk) for c in got)


def test_random_streams_with_dedupe_window():
    rng = random.Random(707)
    clauses = ["Each Party shall bear its own costs.", "This Agreement is governed by English law.",
               "Notices must be in writing.", "Time is of the essence."]
    for _ in range(40):
        lines = []
        for i in range(rng.randint(1, 60)):
            if rng.random() < 0.2:
                lines.append(f"SECTION {i}")
            lines.append(rng.choice(clauses) if rng.random() < 0.6 else f"Clause {i} is unique {i * 3}.")
        max_tokens = rng.randint(6, 20)
        overlap = rng.randint(0, 5)
        window = rng.randint(1, 6)
        threshold = rng.choice([0.3, 0.7, 0.9])
        expected = list(dedupe(chunk_document("\n".join(lines), max_tokens, overlap), threshold, 2, window))
        got = list(stream_chunks(iter(lines), max_tokens, overlap, threshold, 2, window))
        assert fields(got) == fields(expected)


def test_lookahead_is_one_sentence_at_most():
    consumed = []

    def lines():
        for n in range(200_000):
            if n % 1000 == 0:
                consumed.append(-1)
                yield f"SECTION {n // 1000}"
            consumed.append(n)
            yield f"Record {n} was filed today."

    max_tokens = 20
    stream = stream_chunks(lines(), max_tokens, overlap=5)
    for chunk in itertools.islice(stream, 2000):
        last = int(chunk.text.split()[-4])
        read_after = sum(1 for x in consumed if x > last) if len(consumed) < 50 else \
            sum(1 for x in consumed[-(max_tokens + 10):] if x > last or x == -1)
        assert read_after <= max_tokens + 2


def test_a_sentence_that_never_ends_is_cut_into_pieces_lazily():
    consumed = [0]

    def run_on():
        for _ in range(300_000):
            consumed[0] += 1
            yield "and the tenant shall further"

    stream = stream_chunks(run_on(), max_tokens=10, overlap=3)
    first = list(itertools.islice(stream, 4))
    assert [c.n_tokens for c in first] == [10, 10, 10, 10]
    assert first[0].text == "and the tenant shall further and the tenant shall further"
    assert consumed[0] <= 8 + 12 + 2


def test_blank_and_heading_only_stream():
    assert list(stream_chunks(iter(["", "PART 1", "   ", "PART 2"]), 5)) == []
    assert list(stream_chunks([], 5)) == []


def test_errors_are_raised_before_reading():
    read = []

    def lines():
        read.append(1)
        yield "x"

    for kwargs in ({"max_tokens": 3, "overlap": 3}, {"max_tokens": 3, "window": 0},
                   {"max_tokens": 3, "dedupe_threshold": 0.0},
                   {"max_tokens": 3, "dedupe_threshold": 0.5, "shingle_size": 0}):
        with pytest.raises(ValueError):
            stream_chunks(lines(), **kwargs)
    assert read == []


def test_memory_stays_bounded():
    def lines():
        for n in range(2_000):
            if n % 400 == 0:
                yield f"ARTICLE {n // 400}"
            yield f"The obligation numbered {n} binds the Obligor {n % 97} and survives {n * 7}."

    gc.collect()
    tracemalloc.start()
    try:
        count = 0
        for chunk in stream_chunks(lines(), 60, 10, dedupe_threshold=0.9, window=3):
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count > 250
    # the reference peaks near 50 kB; 2,000 lines held in a list alone take about 280 kB
    assert peak < 200_000, f"peak traced memory {peak} bytes"


def test_scale_two_million_lines_first_chunks_fast():
    pool = [f"Clause {i} requires the Supplier to notify the Customer in writing within "
            f"{i % 30 + 1} days." for i in range(1000)]
    consumed = [0]

    def lines(n):
        for i in range(n):
            if i % 500 == 0:
                yield f"SECTION {i // 500 + 1}"
            consumed[0] += 1
            yield pool[i % 1000]

    stream = stream_chunks(lines(2_000_000), max_tokens=60, overlap=15, dedupe_threshold=0.95,
                           window=5)
    first = list(itertools.islice(stream, 50))
    assert len(first) == 50 and all(isinstance(c, Chunk) for c in first)
    assert first[0].heading == "SECTION 1"
    assert first[0].text.startswith("Clause 0 requires the Supplier")
    assert consumed[0] < 1000
    more = list(itertools.islice(stream, 500))
    assert len(more) == 500
    assert consumed[0] < 5_000


def test_scale_large_budget_with_one_word_sentences():
    pool = [f"Agreed{i}." for i in range(1000)]
    consumed = [0]

    def lines(n):
        yield "SCHEDULE 1 Acknowledgements"
        for i in range(n):
            consumed[0] += 1
            yield pool[i % 1000]

    stream = stream_chunks(lines(2_000_000), max_tokens=20_000, overlap=15_000)
    first = list(itertools.islice(stream, 4))
    assert len(first) == 4 and all(isinstance(c, Chunk) for c in first)
    assert [c.n_tokens for c in first] == [20_000] * 4
    assert all(c.heading == "SCHEDULE 1 Acknowledgements" for c in first)
    # each chunk after the first carries 15,000 sentences and adds 5,000 new ones
    assert first[1].text.split()[0] == "Agreed0."       # sentence 5,000 = pool[0]
    assert first[1].text.split()[-1] == "Agreed999."    # sentence 24,999
    assert first[3].text.split()[0] == "Agreed0."       # sentence 15,000
    assert consumed[0] <= 35_000 + 20_002

import random

from highlighter import highlight, quote_spans


def build(seed, n_sources, source_words, n_fragments, k):
    """Sources of random words; an answer of fragments copied from them (each at least k
    words) separated by filler words found in no source. The quoted spans are known."""
    rng = random.Random(seed)
    vocab = [f"w{rng.randrange(10**6):06d}" for _ in range(3000)]
    sources_words = [rng.choices(vocab, k=source_words) for _ in range(n_sources)]
    sources = [" ".join(ws) for ws in sources_words]
    parts, expected, pos = [], [], 0
    for f in range(n_fragments):
        src = rng.choice(sources_words)
        length = rng.randint(k, k + 10)
        start = rng.randrange(len(src) - length)
        fragment = ", ".join(src[start:start + length]) if f % 3 == 0 else " ".join(src[start:start + length])
        expected.append((pos, pos + len(fragment)))
        filler = " " + " ".join(f"filler{f}x{j}" for j in range(rng.randint(1, 3))) + ". "
        parts.append(fragment + filler)
        pos += len(fragment) + len(filler)
    return sources, "".join(parts), expected


def test_repetitive_text():
    answer = " ".join(["the"] * 2000)
    sources = [" ".join(["the"] * 500)] * 20 + ["the end"]
    spans = quote_spans(answer, sources, 4)
    assert spans == [(0, len(answer))]
    assert quote_spans(answer, sources, 501) == []


def test_long_min_words():
    sources, answer, expected = build(5, 20, 300, 30, 12)
    assert quote_spans(answer, sources, 12) == expected


def test_min_words_two():
    sources, answer, expected = build(6, 30, 300, 60, 2)
    assert quote_spans(answer, sources, 2) == expected


def test_min_words_one_marks_single_words():
    sources = ["alpha beta gamma", "delta"]
    answer = "alpha, zeta beta delta omega"
    assert quote_spans(answer, sources, 1) == [(0, 5), (12, 16), (17, 22)]


def test_no_quotes_at_all():
    rng = random.Random(9)
    sources = [" ".join(f"s{rng.randrange(10**6)}" for _ in range(200)) for _ in range(20)]
    answer = " ".join(f"a{i}" for i in range(300))
    assert quote_spans(answer, sources, 3) == []
    assert highlight(answer, sources, 3) == answer


def test_scale_150_sources_3000_word_answer():
    sources, answer, expected = build(2024, 150, 1000, 250, 4)
    assert len(answer.split()) > 2500
    spans = quote_spans(answer, sources, 4)
    assert type(spans) is list and len(spans) == 250
    assert all(type(s) is tuple and type(s[0]) is int and type(s[1]) is int for s in spans)
    assert spans == expected
    marked = highlight(answer, sources, 4)
    assert marked.count("<mark>") == 250 and marked.count("</mark>") == 250
    assert marked.replace("<mark>", "").replace("</mark>", "") == answer

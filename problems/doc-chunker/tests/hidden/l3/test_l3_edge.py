import itertools
import random
import string

import pytest

from chunker import Chunk, dedupe, jaccard, shingles


def brute_shingles(text, size):
    words = [w.lower().strip(string.punctuation) for w in text.split()]
    words = [w for w in words if w]
    if not words:
        return set()
    if len(words) < size:
        return {tuple(words)}
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def brute_dedupe(chunks, threshold, size, window):
    kept = []
    out = []
    for c in chunks:
        mine = brute_shingles(c.text, size)
        pool = kept if window is None else kept[-window:] if kept else []
        sims = []
        for other in pool:
            union = mine | other
            sims.append(1.0 if not union else len(mine & other) / len(union))
        if any(s >= threshold for s in sims):
            continue
        kept.append(mine)
        out.append(c)
    return out


def test_threshold_is_inclusive():
    a = Chunk("w1 w2 w3 w4 w5")            # shingles 123 234 345
    b = Chunk("w1 w2 w3 w4 x9")            # 123 234 34x  -> 2 / 4
    assert jaccard(shingles(a.text), shingles(b.text)) == 0.5
    assert [c.text for c in dedupe([a, b], threshold=0.5)] == ["w1 w2 w3 w4 w5"]
    assert [c.text for c in dedupe([a, b], threshold=0.51)] == ["w1 w2 w3 w4 w5", "w1 w2 w3 w4 x9"]


def test_threshold_one_drops_only_exact_shingle_matches():
    a = Chunk("Notices must be in writing.")
    b = Chunk("NOTICES must be in writing")
    c = Chunk("Notices must be in writing, always.")
    kept = list(dedupe([a, b, c], threshold=1.0))
    assert [k.text for k in kept] == [a.text, c.text]


def test_dropped_chunks_never_cause_drops():
    a = Chunk("p q r s t u")
    b = Chunk("p q r s t u v w")        # vs a: 4 / 6
    c = Chunk("r s t u v w")            # vs a: 2 / 6 ; vs b: 4 / 6
    assert jaccard(shingles(a.text), shingles(b.text)) == pytest.approx(4 / 6)
    assert jaccard(shingles(b.text), shingles(c.text)) == pytest.approx(4 / 6)
    kept = list(dedupe([a, b, c], threshold=0.6))
    assert [k.text for k in kept] == [a.text, c.text]


def test_window_forgets_old_chunks():
    boiler = Chunk("This clause survives termination of the Agreement.")
    others = [Chunk(f"Unrelated clause {i} about item {i}.") for i in range(3)]
    stream = [boiler, *others, boiler]
    assert [c.text for c in dedupe(stream, window=3)] == [c.text for c in stream]
    assert [c.text for c in dedupe(stream, window=4)] == [c.text for c in stream[:-1]]
    assert [c.text for c in dedupe(stream)] == [c.text for c in stream[:-1]]


def test_window_counts_kept_chunks_only():
    boiler = Chunk("This clause survives termination of the Agreement.")
    dup = Chunk("This clause survives termination of the Agreement!")
    other = Chunk("Something else entirely is agreed here.")
    stream = [boiler, dup, dup, other, dup]
    assert [c.text for c in dedupe(stream, window=2)] == [boiler.text, other.text]


def test_heading_is_ignored():
    a = Chunk("Payment is due in thirty days.", "SECTION 1")
    b = Chunk("Payment is due in thirty days.", "SCHEDULE 2")
    kept = list(dedupe([a, b]))
    assert len(kept) == 1 and kept[0] is a


def test_shingle_size_parameter():
    a = Chunk("alpha beta gamma delta")
    b = Chunk("alpha beta gamma omega")
    assert len(list(dedupe([a, b], threshold=0.5, shingle_size=2))) == 1   # 2/4
    assert len(list(dedupe([a, b], threshold=0.5, shingle_size=3))) == 2   # 1/3


def test_shingle_normalisation():
    assert shingles("The 'Goods' -- and (the) GOODS.", size=2) == {
        ("the", "goods"), ("goods", "and"), ("and", "the"),
    }
    assert shingles("x", size=3) == {("x",)}
    assert shingles("", size=2) == set()


def test_dedupe_is_lazy():
    consumed = []

    def source():
        for i in itertools.count():
            consumed.append(i)
            yield Chunk(f"Distinct clause number {i} text {i * 31}.")

    result = dedupe(source())
    assert consumed == []
    first = list(itertools.islice(result, 3))
    assert [c.text for c in first] == [f"Distinct clause number {i} text {i * 31}." for i in range(3)]
    assert len(consumed) <= 4


def test_errors_are_raised_when_called():
    with pytest.raises(ValueError):
        dedupe(iter([]), shingle_size=0)
    with pytest.raises(ValueError):
        dedupe(iter([]), window=0)
    with pytest.raises(ValueError):
        dedupe(iter([]), threshold=-0.1)


def test_random_against_brute_force():
    rng = random.Random(31)
    vocab = ["Party", "party,", "notice", "Notice.", "shall", "give", "the", "other", "in", "writing"]
    for _ in range(60):
        base = [" ".join(rng.choice(vocab) for _ in range(rng.randint(1, 12))) for _ in range(5)]
        chunks = []
        for _ in range(rng.randint(0, 25)):
            words = rng.choice(base).split()
            if words and rng.random() < 0.5:
                words[rng.randrange(len(words))] = rng.choice(vocab)
            chunks.append(Chunk(" ".join(words) or "x"))
        threshold = rng.choice([0.25, 0.5, 0.6, 0.75, 0.8, 1.0])
        size = rng.randint(1, 4)
        window = rng.choice([None, 1, 2, 5])
        got = list(dedupe(chunks, threshold, size, window))
        exp = brute_dedupe(chunks, threshold, size, window)
        assert len(got) == len(exp) and all(g is e for g, e in zip(got, exp))
        for c in chunks:
            assert shingles(c.text, size) == brute_shingles(c.text, size)

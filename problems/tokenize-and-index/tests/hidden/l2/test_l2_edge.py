import random
import zlib

import numpy as np
import pytest

from retrieval import Vocabulary, embed, embed_many, tokenize


def reference_embed(text, dim):
    v = [0.0] * dim
    for tok in tokenize(text):
        h = zlib.crc32(tok.encode("utf-8"))
        v[h % dim] += -1.0 if h & 0x80000000 else 1.0
    norm = sum(x * x for x in v) ** 0.5
    return np.array([x / norm for x in v] if norm else v)


def test_known_hash_values():
    # crc32("court") = 0x63ae193f (top bit clear: +1), crc32("contract") = 0xe98f2859 (-1)
    assert zlib.crc32(b"court") == 0x63AE193F and zlib.crc32(b"contract") == 0xE98F2859
    v = embed("court contract court", dim=1000)
    expected = np.zeros(1000)
    expected[0x63AE193F % 1000] = 2.0     # index 111
    expected[0xE98F2859 % 1000] = -1.0    # index 305
    expected /= np.sqrt(5)
    assert np.allclose(v, expected, atol=1e-12)


def test_signs_can_cancel_to_zero():
    # 'held' (+1) and 'duty' (-1) share bucket 1 when dim = 8
    v = embed("held duty", dim=8)
    assert v.dtype == np.float64 and v.shape == (8,) and not v.any()


def test_dimension_one():
    v = embed("the the court", dim=1)
    assert v.shape == (1,) and abs(abs(float(v[0])) - 1.0) < 1e-12


def test_utf8_bytes_are_hashed():
    h = zlib.crc32("d\u00e9j\u00e0".encode("utf-8"))
    v = embed("D\u00e9j\u00e0", dim=97)
    expected = np.zeros(97)
    expected[h % 97] = -1.0 if h & 0x80000000 else 1.0
    assert np.array_equal(v, expected)


def test_random_texts_against_reference():
    rng = random.Random(3)
    words = ["court", "Court's", "duty", "care", "1,000", "\u00e9t\u00e9", "breach", "the", "of", "x"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 30))) for _ in range(200)]
    for dim in (1, 7, 64, 256):
        m = embed_many(texts, dim)
        assert m.shape == (200, dim) and m.dtype == np.float64
        for text, row in zip(texts, m):
            assert np.allclose(row, reference_embed(text, dim), atol=1e-12)


def test_embed_many_accepts_a_tuple_and_rejects_bad_dim():
    assert embed_many(("a", "b"), dim=4).shape == (2, 4)
    with pytest.raises(ValueError):
        embed_many(["a"], dim=0)


def test_vocabulary_ties_sorted_by_token():
    vocab = Vocabulary(["b a c", "c b", "d"])
    assert [vocab.token_of(i) for i in range(len(vocab))] == ["b", "c", "a", "d"]


def test_min_count_and_max_size():
    texts = ["alpha beta beta gamma gamma gamma", "delta gamma beta"]
    vocab = Vocabulary(texts, min_count=2)
    assert [vocab.token_of(i) for i in range(len(vocab))] == ["gamma", "beta"]
    assert vocab.count("alpha") == 0 and "alpha" not in vocab
    vocab = Vocabulary(texts, max_size=3)
    assert [vocab.token_of(i) for i in range(len(vocab))] == ["gamma", "beta", "alpha"]
    assert len(Vocabulary(texts, max_size=0)) == 0
    with pytest.raises(ValueError):
        Vocabulary(texts, max_size=-1)


def test_vocabulary_uses_the_tokenizer():
    vocab = Vocabulary(["Don\u2019t DON'T don't", "\ufb01ne fine"])
    assert vocab.count("don't") == 3 and vocab.count("fine") == 2
    assert vocab.encode("DON'T stop, fine!") == [vocab.id_of("don't"), vocab.id_of("fine")]


def test_token_of_bounds():
    vocab = Vocabulary(["a b"])
    with pytest.raises(IndexError):
        vocab.token_of(2)
    with pytest.raises(IndexError):
        vocab.token_of(-1)


def test_vocabulary_accepts_a_generator():
    vocab = Vocabulary(f"clause {i}" for i in range(5))
    assert vocab.token_of(0) == "clause" and vocab.count("clause") == 5 and len(vocab) == 6


def test_many_texts():
    rng = random.Random(4)
    words = [f"w{i}" for i in range(500)]
    texts = [" ".join(rng.choices(words, k=20)) for _ in range(2_000)]
    vocab = Vocabulary(texts, min_count=60)
    counts = [vocab.count(vocab.token_of(i)) for i in range(len(vocab))]
    assert counts == sorted(counts, reverse=True) and all(c >= 60 for c in counts)
    m = embed_many(texts, dim=128)
    assert m.shape == (2_000, 128)
    assert np.allclose(np.linalg.norm(m, axis=1), 1.0)

import math

import numpy as np
import pytest

from retrieval import Vocabulary, embed, embed_many


def test_statement_example_vocabulary():
    vocab = Vocabulary(["The court held.", "The court, the duty!", "Duty of care"])
    assert len(vocab) == 6
    assert [vocab.token_of(i) for i in range(len(vocab))] == ["the", "court", "duty", "care", "held", "of"]
    assert vocab.count("the") == 3 and type(vocab.count("the")) is int
    assert vocab.id_of("duty") == 2 and type(vocab.id_of("duty")) is int
    encoded = vocab.encode("the duty of the judge")
    assert type(encoded) is list and encoded == [0, 2, 5, 0]
    assert "judge" not in vocab and "care" in vocab


def test_statement_example_embedding():
    v = embed("the court held the duty", dim=8)
    assert type(v) is np.ndarray and v.dtype == np.float64 and v.shape == (8,)
    expected = np.array([0, 0, 0, 0, 0, 0, 2, 1], dtype=float) / math.sqrt(5)
    assert np.allclose(v, expected, atol=1e-12)


def test_embedding_is_unit_length_or_zero():
    v = embed("Negligence requires a duty of care.", dim=64)
    assert abs(float(np.linalg.norm(v)) - 1.0) < 1e-12
    z = embed("  --  ", dim=16)
    assert z.shape == (16,) and not z.any()


def test_embed_many_rows():
    texts = ["duty of care", "", "breach of contract"]
    m = embed_many(texts, dim=32)
    assert type(m) is np.ndarray and m.dtype == np.float64 and m.shape == (3, 32)
    for row, text in zip(m, texts):
        assert np.array_equal(row, embed(text, dim=32))
    assert embed_many([], dim=5).shape == (0, 5)


def test_errors():
    with pytest.raises(ValueError):
        embed("x", dim=0)
    with pytest.raises(ValueError):
        Vocabulary(["x"], min_count=0)
    with pytest.raises(KeyError):
        Vocabulary(["x"]).id_of("y")

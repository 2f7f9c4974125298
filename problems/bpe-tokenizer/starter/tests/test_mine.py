"""Your own tests: run them with `python -m pytest tests`. They are never scored."""

from bpe import pretokenize


def test_words_keep_their_leading_space():
    assert pretokenize("hello world") == ["hello", " world"]

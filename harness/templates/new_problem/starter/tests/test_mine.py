"""Your own tests: `harness validate` runs them beside the visible tests (never scored)."""

from words import count_words


def test_single_word():
    assert count_words("hello") == {"hello": 1}

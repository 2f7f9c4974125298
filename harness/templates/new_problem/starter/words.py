"""Word counting.  Fill in the functions; `harness validate` runs the tests."""


def count_words(text: str) -> dict[str, int]:
    """Level 1: lower-cased word -> number of occurrences."""
    raise NotImplementedError


def top_words(text: str, k: int) -> list[tuple[str, int]]:
    """Level 2: the k most frequent words, most frequent first, ties alphabetical."""
    raise NotImplementedError

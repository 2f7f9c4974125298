"""Highlight where a generated answer quotes its sources.

Implement the API described in the statements. The same file grows level by level:
level 1 (whole-word keyword spans), level 2 (quoted passages and <mark> tags),
level 3 (hundreds of long sources, fast), level 4 (Unicode normalisation).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Span = tuple[int, int]


# ------------------------------------------------------------------ level 1
def keyword_spans(text: str, keywords: Iterable[str], normalize: bool = False) -> list[Span]:
    """Sorted, de-duplicated (start, end) spans of whole-word, case-insensitive keyword
    occurrences in `text` (normalised matching when `normalize`, level 4)."""
    raise NotImplementedError


# ------------------------------------------------------------------ level 2
def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Drop empty spans, sort, merge overlapping or touching spans. ValueError if invalid."""
    raise NotImplementedError


def mark(text: str, spans: Iterable[Span]) -> str:
    """`text` with <mark>...</mark> around each merged span."""
    raise NotImplementedError


def quote_spans(
    answer: str, sources: Sequence[str], min_words: int = 4, normalize: bool = False
) -> list[Span]:
    """Merged spans of the answer's windows of `min_words` consecutive words that occur
    as consecutive words in some source."""
    raise NotImplementedError


def highlight(
    answer: str, sources: Sequence[str], min_words: int = 4, normalize: bool = False
) -> str:
    """mark(answer, quote_spans(answer, sources, min_words, normalize))."""
    raise NotImplementedError

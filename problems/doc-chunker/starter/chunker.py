"""Chunking legal documents for retrieval.

Implement the API described in the statements. The same file grows level by level:
level 1 (sentences, chunks under a token budget), level 2 (section headings),
level 3 (near-duplicate chunks), level 4 (streaming).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# A word whose stripped, lower-cased form is in this set never ends a sentence.
ABBREVIATIONS = frozenset({
    "art.", "cf.", "co.", "dr.", "e.g.", "i.e.", "inc.", "ltd.", "mr.", "mrs.", "ms.",
    "no.", "para.", "pp.", "s.", "ss.", "v.", "vs.",
})


@dataclass(frozen=True)
class Chunk:
    text: str                    # the chunk's sentences joined by single spaces
    heading: str | None = None   # the section heading (level 2); None before any heading

    @property
    def n_tokens(self) -> int:
        """Number of whitespace-separated words in text."""
        raise NotImplementedError


# --------------------------------------------------------------------- level 1
def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, each as its words joined by single spaces."""
    raise NotImplementedError


def chunk_text(text: str, max_tokens: int, overlap: int = 0) -> list[Chunk]:
    """Greedy packing of whole sentences into chunks of at most `max_tokens` words,
    carrying up to `overlap` words of trailing whole sentences into the next chunk.

    ValueError unless max_tokens >= 1 and 0 <= overlap < max_tokens.
    """
    raise NotImplementedError


# --------------------------------------------------------------------- level 2
def is_heading(line: str) -> bool:
    """1-12 words, first word ARTICLE/CHAPTER/PART/SCHEDULE/SECTION or starting with '§'."""
    raise NotImplementedError


def chunk_document(text: str, max_tokens: int, overlap: int = 0) -> list[Chunk]:
    """Chunk each section independently; each chunk carries its section heading."""
    raise NotImplementedError


# --------------------------------------------------------------------- level 3
def shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    """The set of `size`-word shingles of the normalised words of `text`."""
    raise NotImplementedError


def jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    """|a & b| / |a | b|; 1.0 for two empty sets."""
    raise NotImplementedError


def dedupe(
    chunks: Iterable[Chunk],
    threshold: float = 0.8,
    shingle_size: int = 3,
    window: int | None = None,
) -> Iterator[Chunk]:
    """Lazily yield the chunks whose similarity to every kept chunk (the last `window`
    kept ones, or all if None) is below `threshold`."""
    raise NotImplementedError


# --------------------------------------------------------------------- level 4
def stream_chunks(
    lines: Iterable[str],
    max_tokens: int,
    overlap: int = 0,
    dedupe_threshold: float | None = None,
    shingle_size: int = 3,
    window: int = 100,
) -> Iterator[Chunk]:
    """chunk_document (+ optional dedupe) over a stream of lines, lazily, in bounded memory."""
    raise NotImplementedError

"""Known slow: correct, but every added sentence re-sums the pending sentences and the
overlap is found by re-summing every candidate suffix (quadratic in the chunk size)."""

from __future__ import annotations

import string
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

ABBREVIATIONS = frozenset({
    "art.", "cf.", "co.", "dr.", "e.g.", "i.e.", "inc.", "ltd.", "mr.", "mrs.", "ms.",
    "no.", "para.", "pp.", "s.", "ss.", "v.", "vs.",
})
CLOSERS = "\"')]\u201d\u2019"
HEADING_WORDS = frozenset({"ARTICLE", "CHAPTER", "PART", "SCHEDULE", "SECTION"})
MAX_HEADING_WORDS = 12


@dataclass(frozen=True)
class Chunk:
    text: str
    heading: str | None = None

    @property
    def n_tokens(self) -> int:
        return len(self.text.split())


# --------------------------------------------------------------------- helpers
def _ends_sentence(word: str) -> bool:
    core = word.rstrip(CLOSERS)
    return core.endswith((".", "?", "!")) and core.lower() not in ABBREVIATIONS


def _is_heading(words: list[str]) -> bool:
    return (
        0 < len(words) <= MAX_HEADING_WORDS
        and (words[0] in HEADING_WORDS or words[0].startswith("\u00a7"))
    )


def _check_budget(max_tokens: int, overlap: int) -> None:
    if max_tokens < 1:
        raise ValueError("max_tokens must be at least 1")
    if not 0 <= overlap < max_tokens:
        raise ValueError("overlap must satisfy 0 <= overlap < max_tokens")


def _strip_newline(line: str) -> str:
    if line.endswith("\n"):
        line = line[:-1]
    if line.endswith("\r"):
        line = line[:-1]
    return line


_HEADING = object()


def _events(lines: Iterable[str], headings: bool, piece: int | None) -> Iterator[object]:
    """Yield sentences (lists of words, cut into pieces of at most `piece` words) and,
    when `headings` is true, (_HEADING, text) markers, lazily."""
    current: list[str] = []
    for line in lines:
        words = line.split()
        if not words:
            if current:
                yield current
                current = []
            continue
        if headings and _is_heading(words):
            if current:
                yield current
                current = []
            yield (_HEADING, " ".join(words))
            continue
        for word in words:
            current.append(word)
            if _ends_sentence(word) or (piece is not None and len(current) == piece):
                yield current
                current = []
    if current:
        yield current


class _Packer:
    """Greedy packing of sentences into chunks with sentence-level overlap."""

    def __init__(self, max_tokens: int, overlap: int) -> None:
        self.max_tokens = max_tokens
        self.overlap = overlap
        self.pending: deque[list[str]] = deque()
        self.total = 0
        self.heading: str | None = None

    def _chunk(self) -> Chunk:
        return Chunk(" ".join(" ".join(s) for s in self.pending), self.heading)

    def add(self, sentence: list[str]) -> Iterator[Chunk]:
        # Naive: the definition transcribed literally, re-summing the pending sentences.
        size = len(sentence)
        pending = list(self.pending)
        if pending and sum(len(s) for s in pending) + size > self.max_tokens:
            yield self._chunk()
            for j in range(1, len(pending) + 1):
                carry = sum(len(s) for s in pending[j:])
                if carry <= self.overlap and carry + size <= self.max_tokens:
                    break
            pending = pending[j:]
        pending.append(sentence)
        self.pending = deque(pending)
        self.total = sum(len(s) for s in pending)

    def flush(self) -> Iterator[Chunk]:
        if self.pending:
            yield self._chunk()
        self.pending.clear()
        self.total = 0


def _chunks(lines: Iterable[str], max_tokens: int, overlap: int, headings: bool) -> Iterator[Chunk]:
    packer = _Packer(max_tokens, overlap)
    for event in _events(lines, headings, max_tokens):
        if isinstance(event, tuple):
            yield from packer.flush()
            packer.heading = event[1]
        else:
            yield from packer.add(event)
    yield from packer.flush()


# --------------------------------------------------------------------- level 1
def split_sentences(text: str) -> list[str]:
    return [" ".join(words) for words in _events(text.splitlines(), False, None)]


def chunk_text(text: str, max_tokens: int, overlap: int = 0) -> list[Chunk]:
    _check_budget(max_tokens, overlap)
    return list(_chunks(text.splitlines(), max_tokens, overlap, headings=False))


# --------------------------------------------------------------------- level 2
def is_heading(line: str) -> bool:
    return _is_heading(line.split())


def chunk_document(text: str, max_tokens: int, overlap: int = 0) -> list[Chunk]:
    _check_budget(max_tokens, overlap)
    return list(_chunks(text.splitlines(), max_tokens, overlap, headings=True))


# --------------------------------------------------------------------- level 3
def shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    if size < 1:
        raise ValueError("size must be at least 1")
    words = [w for w in (w.lower().strip(string.punctuation) for w in text.split()) if w]
    if not words:
        return set()
    if len(words) < size:
        return {tuple(words)}
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    if not a and not b:
        return 1.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def dedupe(
    chunks: Iterable[Chunk],
    threshold: float = 0.8,
    shingle_size: int = 3,
    window: int | None = None,
) -> Iterator[Chunk]:
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    if shingle_size < 1:
        raise ValueError("shingle_size must be at least 1")
    if window is not None and window < 1:
        raise ValueError("window must be None or at least 1")
    return _dedupe(chunks, threshold, shingle_size, window)


def _dedupe(
    chunks: Iterable[Chunk], threshold: float, shingle_size: int, window: int | None
) -> Iterator[Chunk]:
    kept: deque[set[tuple[str, ...]]] = deque(maxlen=window)
    for chunk in chunks:
        mine = shingles(chunk.text, shingle_size)
        if any(jaccard(mine, other) >= threshold for other in kept):
            continue
        kept.append(mine)
        yield chunk


# --------------------------------------------------------------------- level 4
def stream_chunks(
    lines: Iterable[str],
    max_tokens: int,
    overlap: int = 0,
    dedupe_threshold: float | None = None,
    shingle_size: int = 3,
    window: int = 100,
) -> Iterator[Chunk]:
    _check_budget(max_tokens, overlap)
    if window < 1:
        raise ValueError("window must be at least 1")
    stream = _chunks((_strip_newline(line) for line in lines), max_tokens, overlap, True)
    if dedupe_threshold is None:
        return stream
    return dedupe(stream, dedupe_threshold, shingle_size, window)

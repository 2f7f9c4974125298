"""Known wrong: merge_spans merges overlapping spans but leaves touching ones apart."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

Span = tuple[int, int]

_ASCII_RUN = re.compile(r"[\x00-\x7f]+")
# Maximal runs of word characters (str.isalnum): letters and digits of any script.
_WORD = re.compile(r"[^\W_]+")


# ------------------------------------------------------------ normalisation
class _Normalised:
    """A text, its matching form, and the map from matching offsets to original ones.

    ``seg_start[i]`` / ``seg_end[i]`` give the original span of the segment that produced
    normalised character ``i``; ``None`` maps mean the identity (nothing changed length).
    ``first[i]`` is true when normalised char ``i`` starts a segment's expansion, and
    ``last[i]`` when it ends one (only needed for keyword matching).
    """

    def __init__(self, text: str, normalize: bool) -> None:
        self.original = text
        self.identity = True
        self.seg_start: list[int] = []
        self.seg_end: list[int] = []
        self.first: list[bool] = []
        self.last: list[bool] = []
        if not normalize:
            self.text = text
            return
        if text.isascii():
            self.text = text.lower()  # NFKC is the identity on ASCII; casefold == lower
            return
        self.identity = False
        parts: list[str] = []
        pos = 0
        n = len(text)
        for run in _ASCII_RUN.finditer(text):
            a, b = run.span()
            # the last ASCII char starts a segment that continues if a combining mark follows
            if b < n and unicodedata.combining(text[b]):
                b -= 1
            if a >= b:
                continue
            if pos < a:
                self._slow(text, pos, a, parts)
            parts.append(text[a:b].lower())
            self.seg_start.extend(range(a, b))
            self.seg_end.extend(range(a + 1, b + 1))
            self.first.extend([True] * (b - a))
            self.last.extend([True] * (b - a))
            pos = b
        if pos < n:
            self._slow(text, pos, n, parts)
        self.text = "".join(parts)

    def _slow(self, text: str, a: int, b: int, parts: list[str]) -> None:
        i = a
        while i < b:
            j = i + 1
            while j < b and unicodedata.combining(text[j]):
                j += 1
            out = unicodedata.normalize("NFKC", text[i:j]).casefold()
            if out:
                parts.append(out)
                k = len(out)
                self.seg_start.extend([i] * k)
                self.seg_end.extend([j] * k)
                self.first.extend([True] + [False] * (k - 1))
                self.last.extend([False] * (k - 1) + [True])
            i = j

    def span(self, a: int, b: int) -> Span:
        """Original span of normalised characters [a, b), b > a."""
        if self.identity:
            return (a, b)
        return (self.seg_start[a], self.seg_end[b - 1])

    def whole_segments(self, a: int, b: int) -> bool:
        return self.identity or (self.first[a] and self.last[b - 1])


def _normalise_key(text: str) -> str:
    return _Normalised(text, True).text


# ------------------------------------------------------------------ level 1
def _lower_chars(text: str) -> str:
    """Each character lower-cased on its own (unlike str.lower(), no final-sigma rule)."""
    return text.lower() if text.isascii() else "".join(map(str.lower, text))


def _lower_map(text: str) -> tuple[str, list[int] | None]:
    """The per-character lower-casing of text and, if its length differs (only 'İ'
    lower-cases to two characters), the original index of each lowered character."""
    low = _lower_chars(text)
    if len(low) == len(text):
        return low, None
    index: list[int] = []
    for i, ch in enumerate(text):
        index.extend([i] * len(ch.lower()))
    return low, index


def keyword_spans(
    text: str, keywords: Iterable[str], normalize: bool = False
) -> list[Span]:
    found: set[Span] = set()
    n = len(text)
    if normalize:
        norm = _Normalised(text, True)
        hay = norm.text
        for keyword in set(keywords):
            needle = _normalise_key(keyword)
            if not needle:
                continue
            start = hay.find(needle)
            while start != -1:
                end = start + len(needle)
                if (
                    (start == 0 or not hay[start - 1].isalnum())
                    and (end == len(hay) or not hay[end].isalnum())
                    and norm.whole_segments(start, end)
                ):
                    found.add(norm.span(start, end))
                start = hay.find(needle, start + 1)
        return sorted(found)

    low, index = _lower_map(text)
    for keyword in set(keywords):
        if not keyword:
            continue
        needle = _lower_chars(keyword)
        size = len(keyword)
        start = low.find(needle)
        while start != -1:
            s = start if index is None else index[start]
            e = s + size
            if (
                (index is None or start == 0 or index[start - 1] != s)
                and e <= n
                and (s == 0 or not text[s - 1].isalnum())
                and (e == n or not text[e].isalnum())
                and (index is None or _lower_chars(text[s:e]) == needle)
            ):
                found.add((s, e))
            start = low.find(needle, start + 1)
    return sorted(found)


# ------------------------------------------------------------------ level 2
def merge_spans(spans: Iterable[Span]) -> list[Span]:
    cleaned = []
    for start, end in spans:
        if start < 0 or end < start:
            raise ValueError(f"invalid span {(start, end)!r}")
        if start < end:
            cleaned.append((start, end))
    cleaned.sort()
    merged: list[Span] = []
    for start, end in cleaned:
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def mark(text: str, spans: Iterable[Span]) -> str:
    merged = merge_spans(spans)
    if merged and merged[-1][1] > len(text):
        raise ValueError("span beyond the end of the text")
    out = []
    pos = 0
    for start, end in merged:
        out.append(text[pos:start])
        out.append("<mark>")
        out.append(text[start:end])
        out.append("</mark>")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _words(norm: _Normalised) -> tuple[list[str], list[Span]]:
    words: list[str] = []
    spans: list[Span] = []
    for m in _WORD.finditer(norm.text):
        words.append(m.group())
        spans.append(norm.span(m.start(), m.end()))
    return words, spans


def quote_spans(
    answer: str, sources: Sequence[str], min_words: int = 4, normalize: bool = False
) -> list[Span]:
    if min_words < 1:
        raise ValueError("min_words must be at least 1")
    words, spans = _words(_Normalised(answer, normalize))
    if len(words) < min_words:
        return []
    k = min_words
    # Only source windows that also occur in the answer matter: index the answer's.
    wanted: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(words) - k + 1):
        wanted.setdefault(tuple(words[i:i + k]), []).append(i)
    vocab = set(words)
    quoted: set[tuple[str, ...]] = set()
    for source in sources:
        src = _WORD.findall(_Normalised(source, normalize).text)
        run = 0  # number of consecutive source words (ending here) that occur in the answer
        for j, word in enumerate(src):
            if word in vocab:
                run += 1
                if run >= k:
                    window = tuple(src[j - k + 1:j + 1])
                    if window in wanted:
                        quoted.add(window)
            else:
                run = 0
        if len(quoted) == len(wanted):
            break
    result = []
    for window in quoted:
        for i in wanted[window]:
            result.append((spans[i][0], spans[i + k - 1][1]))
    return merge_spans(result)


def highlight(
    answer: str, sources: Sequence[str], min_words: int = 4, normalize: bool = False
) -> str:
    return mark(answer, quote_spans(answer, sources, min_words, normalize))

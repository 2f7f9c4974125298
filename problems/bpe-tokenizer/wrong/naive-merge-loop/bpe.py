"""Byte-pair encoding tokenizer: known wrong: correct, but tries every merge on every chunk."""

from __future__ import annotations

import re
from collections import Counter

# letters = isalnum() and not isdecimal(); digits = isdecimal(); spaces = isspace();
# symbols = everything else (including "_").
_CHUNK = re.compile(r" ?[^\W\d_]+| ?\d+| ?(?:[^\w\s]|_)+|\s+(?!\S)|\s+")


def pretokenize(text: str) -> list[str]:
    return _CHUNK.findall(text)


def _merge(seq: list[int], pair: tuple[int, int], new: int) -> list[int]:
    out: list[int] = []
    i, n = 0, len(seq)
    a, b = pair
    while i < n:
        if i + 1 < n and seq[i] == a and seq[i + 1] == b:
            out.append(new)
            i += 2
        else:
            out.append(seq[i])
            i += 1
    return out


def train(corpus: str, num_merges: int) -> list[tuple[int, int]]:
    if type(num_merges) is not int or num_merges < 0:
        raise ValueError("num_merges must be an int >= 0")
    words = Counter(pretokenize(corpus))
    seqs = [(list(w.encode("utf-8")), c) for w, c in words.items()]
    merges: list[tuple[int, int]] = []
    while len(merges) < num_merges:
        counts: Counter[tuple[int, int]] = Counter()
        for seq, c in seqs:
            for p in zip(seq, seq[1:]):
                counts[p] += c
        if not counts:
            break
        best = min(counts, key=lambda p: (-counts[p], p))
        if counts[best] < 2:
            break
        new = 256 + len(merges)
        merges.append(best)
        seqs = [(_merge(s, best, new) if len(s) > 1 else s, c) for s, c in seqs]
    return merges


class Tokenizer:
    def __init__(self, merges: list[tuple[int, int]], specials: list[str] | None = None) -> None:
        self._ranks: dict[tuple[int, int], int] = {}
        self._bytes: list[bytes] = [bytes([i]) for i in range(256)]
        for i, m in enumerate(merges):
            a, b = m
            if not (type(a) is int and type(b) is int and 0 <= a < 256 + i and 0 <= b < 256 + i):
                raise ValueError(f"merge {i} uses an id that does not exist yet")
            self._ranks.setdefault((a, b), 256 + i)
            self._bytes.append(self._bytes[a] + self._bytes[b])
        specials = list(specials or [])
        if any(type(s) is not str or not s for s in specials) or len(set(specials)) != len(specials):
            raise ValueError("special tokens must be distinct non-empty strings")
        self._special_ids = {s: len(self._bytes) + i for i, s in enumerate(specials)}
        self._bytes += [s.encode("utf-8") for s in specials]
        longest_first = sorted(specials, key=lambda s: -len(s))
        self._split = re.compile("(" + "|".join(map(re.escape, longest_first)) + ")") if specials else None
        self._cache: dict[str, list[int]] = {}

    @property
    def vocab_size(self) -> int:
        return len(self._bytes)

    def _encode_chunk(self, chunk: str) -> list[int]:
        seq = list(chunk.encode("utf-8"))
        for pair, new in self._ranks.items():  # every merge, in order, on every chunk
            seq = _merge(seq, pair, new)
        return seq

    def _encode_plain(self, text: str, out: list[int]) -> None:
        cache = self._cache
        for chunk in _CHUNK.findall(text):
            out.extend(self._encode_chunk(chunk))

    def encode(self, text: str) -> list[int]:
        out: list[int] = []
        if self._split is None:
            self._encode_plain(text, out)
            return out
        for i, part in enumerate(self._split.split(text)):
            if i % 2:
                out.append(self._special_ids[part])
            elif part:
                self._encode_plain(part, out)
        return out

    def decode(self, ids: list[int]) -> str:
        table, size = self._bytes, self.vocab_size
        for i in ids:
            if type(i) is not int or not 0 <= i < size:
                raise ValueError(f"unknown token id {i!r}")
        return b"".join(table[i] for i in ids).decode("utf-8", errors="replace")

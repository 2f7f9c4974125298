"""Reference solution."""

import re
from collections import Counter

WORD = re.compile(r"[A-Za-z0-9']+")


def count_words(text: str) -> dict[str, int]:
    return dict(Counter(w.lower() for w in WORD.findall(text)))


def top_words(text: str, k: int) -> list[tuple[str, int]]:
    counts = count_words(text)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:k]

"""Correct but quadratic: counts each distinct word with a fresh scan."""

import re

WORD = re.compile(r"[A-Za-z0-9']+")


def count_words(text: str) -> dict[str, int]:
    words = [w.lower() for w in WORD.findall(text)]
    return {w: words.count(w) for w in dict.fromkeys(words)}


def top_words(text: str, k: int) -> list[tuple[str, int]]:
    counts = count_words(text)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:k]

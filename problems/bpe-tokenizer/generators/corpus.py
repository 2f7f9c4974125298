"""Deterministic synthetic text for the bpe-tokenizer tests (a copy lives in each test that needs it).

python3 generators/corpus.py SEED SIZE  prints SIZE characters of corpus for SEED.
"""

from __future__ import annotations

import random
import sys

SYLLABLES = ["ka", "to", "re", "mi", "an", "el", "or", "us", "in", "the", "ing", "st",
             "qu", "é", "ü", "ß", "中", "文", "ño", "ça"]
PUNCT = [".", ",", "!", "?", ";", ":", " -", " (", ")", "'s", "..."]


def corpus(seed: int, size: int) -> str:
    """About `size` characters of words, numbers and punctuation, Zipf-like word frequencies."""
    rng = random.Random(seed)
    vocab = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(3000)]
    weights = [1.0 / (r + 1) for r in range(len(vocab))]
    words = rng.choices(vocab, weights, k=size // 4)
    parts: list[str] = []
    for i, w in enumerate(words):
        r = rng.random()
        if r < 0.03:
            parts.append(str(rng.randint(0, 99999)))
        elif r < 0.05:
            parts.append(w.capitalize())
        elif r < 0.052:
            parts.append("😀🚀"[rng.randint(0, 1)])
        else:
            parts.append(w)
        r = rng.random()
        parts.append(rng.choice(PUNCT) + " " if r < 0.1 else "\n" if r < 0.12 else "  " if r < 0.13 else " ")
    return "".join(parts)[:size]


if __name__ == "__main__":
    sys.stdout.write(corpus(int(sys.argv[1]), int(sys.argv[2])))

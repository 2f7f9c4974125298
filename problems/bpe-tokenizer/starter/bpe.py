"""Byte-pair encoding tokenizer.

Implement the functions and the class below level by level; the statements in your
session say exactly what each must do. Only the standard library is available.
"""

from __future__ import annotations


# ---- Level 1 ---------------------------------------------------------------
def pretokenize(text: str) -> list[str]:
    """Split `text` into chunks by the fixed rules of level 1."""
    raise NotImplementedError


# ---- Level 2 ---------------------------------------------------------------
def train(corpus: str, num_merges: int) -> list[tuple[int, int]]:
    """Learn up to `num_merges` merges (pairs of ids) from `corpus`."""
    raise NotImplementedError


# ---- Levels 3 and 4 --------------------------------------------------------
class Tokenizer:
    def __init__(self, merges: list[tuple[int, int]], specials: list[str] | None = None) -> None:
        """A tokenizer over 256 byte ids, one id per merge, then one per special."""
        self.vocab_size = 0

    def encode(self, text: str) -> list[int]:
        """The token ids of `text`."""
        raise NotImplementedError

    def decode(self, ids: list[int]) -> str:
        """The text of `ids` (invalid UTF-8 replaced by U+FFFD)."""
        raise NotImplementedError

import hashlib
import random

from bpe import train

SYLLABLES = ["ka", "to", "re", "mi", "an", "el", "or", "us", "in", "the", "ing", "st",
             "qu", "é", "ü", "ß", "中", "文", "ño", "ça"]
PUNCT = [".", ",", "!", "?", ";", ":", " -", " (", ")", "'s", "..."]


def corpus(seed, size):
    """A copy of generators/corpus.py."""
    rng = random.Random(seed)
    vocab = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(3000)]
    weights = [1.0 / (r + 1) for r in range(len(vocab))]
    words = rng.choices(vocab, weights, k=size // 4)
    parts = []
    for w in words:
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


def merges(text, n):
    got = train(text, n)
    assert type(got) is list
    for m in got:
        assert type(m) is tuple and len(m) == 2 and all(type(x) is int for x in m)
    return got


def test_ties_go_to_the_smallest_pair():
    # "." is a chunk of its own: "bc" and "ab" both occur twice; (97, 98) is smaller
    assert merges("bc.bc.ab.ab", 1) == [(97, 98)]
    # equal counts: the smaller pair wins even when it is seen later
    assert merges("zy.zy.xw.xw", 2) == [(120, 119), (122, 121)]


def test_overlapping_pairs_count_but_merge_without_overlap():
    # "aaa" holds (97, 97) twice: that beats "bc" seen once per chunk
    got = merges("aaa bc", 3)
    assert got == [(97, 97)]
    # after (97, 97): [256, 256, 97] and [32, 256, 256, 97]; (256, 97) and
    # (256, 256) both occur twice, (256, 97) is smaller; then (256, 257) twice
    assert merges("aaaaa aaaaa", 3) == [(97, 97), (256, 97), (256, 257)]


def test_counts_are_weighted_by_repeats():
    # chunks 'xy', ' xy', ' xy', ' ab', ' ab': "xy" 3 times beats " x", " a", "ab" twice
    assert merges("xy xy xy ab ab", 1) == [(120, 121)]
    assert merges("xy.ab.ab", 1) == [(97, 98)]


def test_multibyte_characters_merge_from_bytes():
    got = merges("é é é", 2)
    b = "é".encode()
    assert got == [(b[0], b[1]), (32, 256)]


def test_merges_may_build_on_merges():
    got = merges("abcd abcd abcd", 3)
    assert got == [(97, 98), (99, 100), (256, 257)]


def test_generated_corpus_matches_reference():
    got = merges(corpus(5, 20_000), 200)
    assert len(got) == 200
    digest = hashlib.sha256(repr(got).encode()).hexdigest()
    assert digest == DIGEST, got[:20]


DIGEST = "0aa30772450620499a2861d2516285d80b52929dcf21158844b88b6d24e9bc91"

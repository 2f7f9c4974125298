import random
import unicodedata

from retrieval import tokenize


def check(tokens, expected):
    assert type(tokens) is list
    assert all(type(t) is str for t in tokens)
    assert tokens == expected


def brute(text):
    t = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")
    keep = []
    for i, c in enumerate(t):
        left = t[i - 1] if i > 0 else ""
        right = t[i + 1] if i + 1 < len(t) else ""
        if c.isalnum() or unicodedata.category(c).startswith("M"):
            keep.append(True)
        elif c == "'":
            keep.append(bool(left) and bool(right) and left.isalnum() and right.isalnum())
        elif c in ".,":
            keep.append(bool(left) and bool(right) and left.isdigit() and right.isdigit())
        else:
            keep.append(False)
    out, cur = [], ""
    for c, k in zip(t, keep):
        if k:
            cur += c
        elif cur:
            out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    return out


def test_apostrophe_rules():
    check(tokenize("rock 'n' roll"), ["rock", "n", "roll"])
    check(tokenize("a''b a' 'a it's 90's"), ["a", "b", "a", "a", "it's", "90's"])
    check(tokenize("a'b'c"), ["a'b'c"])
    check(tokenize("O\u2019Neill\u2019s"), ["o'neill's"])
    check(tokenize("O\uff07Brien"), ["o'brien"])       # full-width apostrophe, via NFKC
    check(tokenize("\u2018quoted\u2019 words"), ["quoted", "words"])


def test_number_separators():
    check(tokenize("1.2.3 1..2 a.b 3.14. ,5 1,a 1,000,000"),
          ["1.2.3", "1", "2", "a", "b", "3.14", "5", "1", "a", "1,000,000"])
    check(tokenize("v1.0-rc2"), ["v1.0", "rc2"])


def test_nfkc_compatibility_forms():
    check(tokenize("\ufb01nal \u2460 x\u00b2 \uff34\uff25\uff33\uff34 \u2167"),
          ["final", "1", "x2", "test", "viii"])


def test_combining_marks_stay_in_tokens():
    # e + U+0301 composes to a single character under NFKC
    check(tokenize("cafe\u0301 bar"), ["caf\u00e9", "bar"])
    # q + U+0301 has no precomposed form: the mark stays, inside the token
    check(tokenize("q\u0301x y"), ["q\u0301x", "y"])
    # dotted capital I lower-cases to i + combining dot above: still one token
    check(tokenize("\u0130stanbul"), ["i\u0307stanbul"])


def test_other_scripts():
    check(tokenize("\u0421\u0443\u0434 \u0440\u0435\u0448\u0438\u043b. \u6cd5\u9662\u5224\u51b3 \u0661\u0662\u066b\u0663"),
          ["\u0441\u0443\u0434", "\u0440\u0435\u0448\u0438\u043b", "\u6cd5\u9662\u5224\u51b3", "\u0661\u0662", "\u0663"])


def test_underscore_and_symbols_separate():
    check(tokenize("snake_case a+b c/d e@f #tag"), ["snake", "case", "a", "b", "c", "d", "e", "f", "tag"])


def test_random_against_brute_force():
    rng = random.Random(8)
    alphabet = ["a", "B", "z", "1", "9", "'", "\u2019", ".", ",", " ", "-", "\u00e9", "e\u0301",
                "\u0301", "\ufb01", "\uff11", "\u00b2", "\u0130", "_", "$", "\u00df"]
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        check(tokenize(text), brute(text))


def test_random_ascii_against_brute_force():
    rng = random.Random(9)
    alphabet = "aZ09'.,;- \t\n"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        check(tokenize(text), brute(text))


def test_long_text():
    rng = random.Random(10)
    words = ["The", "court's", "ruling", "of", "1,250.75", "pounds", "don't", "apply", "--", "s.", "12"]
    text = " ".join(rng.choice(words) for _ in range(50_000))
    tokens = tokenize(text)
    assert type(tokens) is list and len(tokens) > 40_000
    assert tokens[:50] == brute(" ".join(text.split(" ")[:60]))[:50]

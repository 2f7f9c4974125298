import random

from bpe import pretokenize


def chunks(text):
    got = pretokenize(text)
    assert type(got) is list and all(type(c) is str for c in got)
    return got


def _cls(c):
    if c.isspace():
        return "s"
    if c.isdecimal():
        return "d"
    if c.isalnum():
        return "l"
    return "o"


def model(t):
    """The statement's rules, one character at a time."""
    out, i, n = [], 0, len(t)
    while i < n:
        j = i + 1 if t[i] == " " and i + 1 < n and _cls(t[i + 1]) != "s" else i
        k = _cls(t[j])
        e = j
        while e < n and _cls(t[e]) == k:
            e += 1
        if k == "s" and e < n and e - i > 1:
            e -= 1
        out.append(t[i:e])
        i = e
    return out


def test_whitespace_at_the_end_stays_whole():
    assert chunks("a   ") == ["a", "   "]
    assert chunks("   ") == ["   "]
    assert chunks(" ") == [" "]
    assert chunks("\n") == ["\n"]


def test_only_a_plain_space_joins_the_next_word():
    assert chunks("a\nb") == ["a", "\n", "b"]
    assert chunks("a\u00a0b") == ["a", "\u00a0", "b"]
    assert chunks(" \tx") == [" ", "\t", "x"]
    assert chunks("  \nx") == ["  ", "\n", "x"]
    assert chunks("\n x") == ["\n", " x"]


def test_leading_space_before_digits_and_symbols():
    assert chunks("a 1 !") == ["a", " 1", " !"]
    assert chunks("  ...") == [" ", " ..."]


def test_letter_class_includes_numeric_letters_not_underscore():
    assert chunks("x²½ 3_4") == ["x²½", " 3", "_", "4"]
    assert chunks("٣٤x") == ["٣٤", "x"]             # Arabic-Indic digits are decimal


def test_unicode_words_and_symbols():
    assert chunks("中文 naïve 😀🚀 ok") == ["中文", " naïve", " 😀🚀", " ok"]
    assert chunks("e\u0301t\u00e9") == ["e", "\u0301", "t\u00e9"]   # a combining accent is a symbol


def test_random_texts_against_the_rules():
    rng = random.Random(11)
    alphabet = " \t\n\r\u00a0\u2003ab1²½_-.,!é\u0301中😀x9 "
    for _ in range(3000):
        t = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        assert chunks(t) == model(t), repr(t)


def test_long_text_is_lossless():
    rng = random.Random(3)
    words = ["the", " cat", "  ", "\n", "42", "!!", "é", "_"]
    text = "".join(rng.choice(words) for _ in range(100_000))
    got = chunks(text)
    assert "".join(got) == text

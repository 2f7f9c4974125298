import random

from highlighter import keyword_spans


def check(spans, expected):
    assert type(spans) is list
    assert all(type(s) is tuple and len(s) == 2 and type(s[0]) is int and type(s[1]) is int
               for s in spans)
    assert spans == expected


def brute(text, keywords):
    out = set()
    n = len(text)
    for k in keywords:
        if not k:
            continue
        for s in range(n - len(k) + 1):
            e = s + len(k)
            if all(text[s + i].lower() == k[i].lower() for i in range(len(k))) \
                    and (s == 0 or not text[s - 1].isalnum()) \
                    and (e == n or not text[e].isalnum()):
                out.add((s, e))
    return sorted(out)


def test_offsets_survive_length_changing_lowercase():
    text = "\u0130stanbul court: \u0130\u0130 Court COURT"
    # "\u0130".lower() is two characters: text.lower() is longer than text
    assert len(text.lower()) > len(text)
    check(keyword_spans(text, ["court"]), [(9, 14), (19, 24), (25, 30)])
    check(keyword_spans(text, ["\u0130stanbul"]), [(0, 8)])
    check(keyword_spans(text, ["istanbul"]), [])


def test_unicode_letters_and_digits_are_word_characters():
    text = "caf\u00e9 cafe 12 a12 \u0661\u0662 \u00bd1"
    check(keyword_spans(text, ["caf"]), [])
    check(keyword_spans(text, ["cafe"]), [(5, 9)])
    check(keyword_spans(text, ["12"]), [(10, 12)])
    check(keyword_spans(text, ["1"]), [])  # '\u00bd' is numeric, so '\u00bd1' is one word


def test_underscore_and_hyphen_are_boundaries():
    check(keyword_spans("duty_of care-duty", ["duty", "care"]), [(0, 4), (8, 12), (13, 17)])


def test_keywords_with_punctuation_at_the_ends():
    text = "See s. 12, s. 12a and (s. 12)."
    check(keyword_spans(text, ["s. 12"]), [(4, 9), (23, 28)])
    check(keyword_spans("Use C++ or C++x", ["C++"]), [(4, 7)])
    check(keyword_spans("v. Jones", [" Jones"]), [(2, 8)])  # only the two ends are checked


def test_overlapping_occurrences_of_one_keyword():
    check(keyword_spans("no no no", ["no no"]), [(0, 5), (3, 8)])


def test_keyword_longer_than_text():
    check(keyword_spans("duty", ["duty of care"]), [])


def test_keyword_can_be_any_iterable():
    check(keyword_spans("a b a", (k for k in ["a"])), [(0, 1), (4, 5)])


def test_random_against_brute_force():
    rng = random.Random(11)
    alphabet = "aAbB \u00e9\u00c9.-1\u0130_"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        keywords = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4)))
                    for _ in range(rng.randint(0, 5))]
        check(keyword_spans(text, keywords), brute(text, keywords))


def test_large_text_many_keywords():
    rng = random.Random(12)
    vocab = ["duty", "care", "loss", "court", "held", "claim", "damages", "contract",
             "tort", "breach", "notice", "party", "liability", "negligence", "remedy"]
    words = [rng.choice(vocab) + rng.choice(["", "", "s", "ing"]) for _ in range(20_000)]
    text = " ".join(words)
    keywords = [f"{a} {b}" for a in vocab for b in vocab][:200] + vocab
    spans = keyword_spans(text, keywords)
    assert type(spans) is list and len(spans) > 5_000
    assert spans == sorted(set(spans))
    lowered = {k.lower() for k in keywords}
    for a, b in spans[:2000]:
        assert text[a:b].lower() in lowered

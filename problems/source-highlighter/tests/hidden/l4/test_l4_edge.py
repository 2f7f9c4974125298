import random
import unicodedata

from highlighter import highlight, keyword_spans, mark, quote_spans


def check_spans(spans, expected):
    assert type(spans) is list
    assert all(type(s) is tuple and len(s) == 2 and type(s[0]) is int and type(s[1]) is int
               for s in spans)
    assert spans == expected


def normalise(text):
    """Normalised text plus, per normalised char: segment start, segment end, is first, is last."""
    segments = []
    for i, ch in enumerate(text):
        if segments and unicodedata.combining(ch):
            segments[-1][1] = i + 1
        else:
            segments.append([i, i + 1])
    chars, info = [], []
    for a, b in segments:
        out = unicodedata.normalize("NFKC", text[a:b]).casefold()
        for j, c in enumerate(out):
            chars.append(c)
            info.append((a, b, j == 0, j == len(out) - 1))
    return "".join(chars), info


def brute_keywords(text, keywords):
    hay, info = normalise(text)
    found = set()
    for k in keywords:
        needle, _ = normalise(k)
        if not needle:
            continue
        for s in range(len(hay) - len(needle) + 1):
            e = s + len(needle)
            if hay[s:e] == needle and (s == 0 or not hay[s - 1].isalnum()) \
                    and (e == len(hay) or not hay[e].isalnum()) and info[s][2] and info[e - 1][3]:
                found.add((info[s][0], info[e - 1][1]))
    return sorted(found)


def words(text):
    hay, info = normalise(text)
    out, i = [], 0
    while i < len(hay):
        if hay[i].isalnum():
            j = i
            while j < len(hay) and hay[j].isalnum():
                j += 1
            out.append((hay[i:j], info[i][0], info[j - 1][1]))
            i = j
        else:
            i += 1
    return out


def brute_quotes(answer, sources, k):
    aw = words(answer)
    windows = set()
    for s in sources:
        sw = [w for w, _, _ in words(s)]
        windows.update(tuple(sw[j:j + k]) for j in range(len(sw) - k + 1))
    spans = sorted((aw[i][1], aw[i + k - 1][2]) for i in range(len(aw) - k + 1)
                   if tuple(w for w, _, _ in aw[i:i + k]) in windows)
    merged = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


PIECES = ["a", "A", "e\u0301", "\u00e9", "\u00c9", "\u00df", "ss", "SS", "\ufb01", "fi", "\u00bd", "1",
          "\uff11", "2", "\u0130", "i", "\u212b", "\u00e5", "\u0301", " ", " ", ".", "-", "x", "\u2044"]


def test_partial_segment_matches_are_ignored():
    check_spans(keyword_spans("x \u00bd y", ["1", "2", "1\u20442", "\u00bd"], normalize=True), [(2, 3)])
    check_spans(keyword_spans("\ufb01 fi", ["f", "i"], normalize=True), [])


def test_combining_marks_at_the_start_of_the_text():
    text = "\u0301\u0301abc abc"
    check_spans(keyword_spans(text, ["abc"], normalize=True), [(2, 5), (6, 9)])


def test_offsets_after_expanding_characters():
    text = "\ufb03 \u00bd \u3392 fee"   # ffi ligature, one half, square MHz, then 'fee'
    check_spans(keyword_spans(text, ["fee", "ffi", "mhz"], normalize=True), [(0, 1), (4, 5), (6, 9)])


def test_dotted_capital_i():
    text = "\u0130STANBUL court"
    # NFKC keeps U+0130; casefold gives 'i' + combining dot above, so it is not plain 'istanbul'
    check_spans(keyword_spans(text, ["court"], normalize=True), [(9, 14)])
    check_spans(keyword_spans(text, ["\u0130stanbul"], normalize=True), [(0, 8)])


def test_fullwidth_digits_and_quotes():
    answer = "Article \uff11\uff12 (\uff42) applies to THE BUYER"
    sources = ["article 12 b applies to the buyer"]
    check_spans(quote_spans(answer, sources, 6, normalize=True), [(0, len(answer))])
    assert highlight(answer, sources, 6, normalize=True) == f"<mark>{answer}</mark>"


def test_mark_keeps_the_original_text():
    answer = "The Stra\u00dfe was CLOSED by order"
    out = highlight(answer, ["the strasse was closed"], 4, normalize=True)
    assert out == "<mark>The Stra\u00dfe was CLOSED</mark> by order"


def test_random_keywords_against_brute_force():
    rng = random.Random(404)
    for _ in range(300):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 25)))
        keywords = ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 3)))
                    for _ in range(rng.randint(0, 4))]
        check_spans(keyword_spans(text, keywords, normalize=True), brute_keywords(text, keywords))


def test_random_quotes_against_brute_force():
    rng = random.Random(405)
    vocab = ["caf\u00e9", "CAFE\u0301", "stra\u00dfe", "STRASSE", "\ufb01ne", "fine", "\uff11\uff12", "12",
             "the", "THE", "\u00bd"]
    seps = [" ", ", ", ". ", "-", " \u0301"]
    for _ in range(150):
        def text(n):
            return "".join(rng.choice(vocab) + rng.choice(seps) for _ in range(n))
        answer = text(rng.randint(0, 20))
        sources = [text(rng.randint(0, 20)) for _ in range(rng.randint(0, 3))]
        k = rng.randint(1, 4)
        expected = brute_quotes(answer, sources, k)
        check_spans(quote_spans(answer, sources, k, normalize=True), expected)
        assert highlight(answer, sources, k, normalize=True) == mark(answer, expected)


FULLWIDTH = str.maketrans("0123456789", "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19")


def variant(word, rng):
    r = rng.random()
    if r < 0.25:
        return word.upper()
    if r < 0.5:
        return word.translate(FULLWIDTH)
    if r < 0.75:
        return unicodedata.normalize("NFD", word)
    return word


def test_scale_normalized_150_sources():
    rng = random.Random(77)
    stems = ["w", "r\u00e9gime", "stra\u00dfe", "x"]
    vocab = [rng.choice(stems) + f"{rng.randrange(10**6):06d}" for _ in range(3000)]
    sources_words = [rng.choices(vocab, k=1000) for _ in range(150)]
    sources = [" ".join(ws) for ws in sources_words]
    parts, expected, pos = [], [], 0
    for f in range(250):
        src = rng.choice(sources_words)
        length = rng.randint(4, 14)
        start = rng.randrange(len(src) - length)
        fragment = " ".join(variant(w, rng) for w in src[start:start + length])
        expected.append((pos, pos + len(fragment)))
        filler = " " + " ".join(f"filler{f}x{j}" for j in range(rng.randint(1, 3))) + ". "
        parts.append(fragment + filler)
        pos += len(fragment) + len(filler)
    answer = "".join(parts)
    spans = quote_spans(answer, sources, 4, normalize=True)
    assert type(spans) is list and len(spans) == 250
    assert spans == expected
    marked = highlight(answer, sources, 4, normalize=True)
    assert marked.count("<mark>") == 250
    assert marked.replace("<mark>", "").replace("</mark>", "") == answer

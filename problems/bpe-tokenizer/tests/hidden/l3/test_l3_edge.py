import random

import pytest

from bpe import Tokenizer


def ids_of(tok, text):
    got = tok.encode(text)
    assert type(got) is list and all(type(i) is int for i in got)
    return got


def text_of(tok, ids):
    got = tok.decode(ids)
    assert type(got) is str
    return got


def test_lowest_merge_index_first():
    # "abc": (98, 99) has index 0, (97, 98) index 1: "bc" wins, "ab" never forms
    tok = Tokenizer([(98, 99), (97, 98)])
    assert ids_of(tok, "abc") == [97, 256]
    tok = Tokenizer([(97, 98), (98, 99)])
    assert ids_of(tok, "abc") == [256, 99]


def test_all_occurrences_left_to_right_without_overlap():
    tok = Tokenizer([(97, 97), (256, 256)])
    assert ids_of(tok, "aaa") == [256, 97]
    assert ids_of(tok, "aaaaa") == [257, 97]


def test_merges_never_cross_chunks():
    tok = Tokenizer([(97, 32)])             # 'a' + ' ' : never inside one chunk
    assert ids_of(tok, "a a") == [97, 32, 97]


def test_specials_longest_wins_and_are_never_split():
    tok = Tokenizer([(60, 124)], specials=["<|a|>", "<|a|>b", "x"])
    assert tok.vocab_size == 260
    assert ids_of(tok, "<|a|>b") == [258]
    assert ids_of(tok, "<|a|>c") == [257, 99]
    assert ids_of(tok, "yx<|a|><|a|>") == [121, 259, 257, 257]
    assert ids_of(tok, "<|") == [256]
    assert text_of(tok, [258, 259, 256]) == "<|a|>bx<|"


def test_special_text_between_words():
    tok = Tokenizer([], specials=["<eot>"])
    ids = ids_of(tok, "hi <eot> there")
    assert ids == [104, 105, 32, 256, 32, 116, 104, 101, 114, 101]
    assert text_of(tok, ids) == "hi <eot> there"


def test_bad_specials():
    with pytest.raises(ValueError):
        Tokenizer([], specials=[""])
    with pytest.raises(ValueError):
        Tokenizer([], specials=["<x>", "<x>"])


def test_bad_merges():
    with pytest.raises(ValueError):
        Tokenizer([(-1, 97)])
    with pytest.raises(ValueError):
        Tokenizer([(97, 97), (257, 97)])


def test_bad_ids_in_decode():
    tok = Tokenizer([(97, 98)])
    for bad in ([257], [-1], [1.0], ["a"], [97, 300]):
        with pytest.raises(ValueError):
            tok.decode(bad)


def test_invalid_utf8_is_replaced():
    tok = Tokenizer([])
    assert text_of(tok, [0xFF, 104, 0xC3]) == "\ufffdh\ufffd"
    assert text_of(tok, [0xF0, 0x9F, 0x98, 0x80]) == "😀"


def test_merged_multibyte_token_decodes():
    e = "é".encode()
    tok = Tokenizer([(e[0], e[1]), (32, 256)])
    assert ids_of(tok, "é é") == [256, 257]
    assert text_of(tok, [257, 256]) == " éé"


def test_random_unicode_round_trips():
    rng = random.Random(8)
    pool = [chr(c) for c in range(0, 0x250)] + list("中文字😀🚀\u0301\u200d\ufeff\U0010ffff")
    merges = [(32, 116), (104, 101), (256, 257), (101, 114)]
    tok = Tokenizer(merges, specials=["<|end|>"])
    for _ in range(300):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 40)))
        if rng.random() < 0.3:
            text += "<|end|>" + text
        assert text_of(tok, ids_of(tok, text)) == text, repr(text)

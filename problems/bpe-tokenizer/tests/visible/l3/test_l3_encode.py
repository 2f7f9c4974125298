import pytest

from bpe import Tokenizer

EXAMPLE_MERGES = [(108, 111), (256, 119), (32, 257), (101, 115), (259, 116),
                  (32, 110), (101, 119), (261, 262), (263, 260)]


def ids_of(tok, text):
    got = tok.encode(text)
    assert type(got) is list and all(type(i) is int for i in got)
    return got


def text_of(tok, ids):
    got = tok.decode(ids)
    assert type(got) is str
    return got


def test_example_from_statement():
    tok = Tokenizer(EXAMPLE_MERGES, specials=["<|end|>"])
    assert type(tok.vocab_size) is int and tok.vocab_size == 266
    assert ids_of(tok, "lowest low") == [257, 260, 258]
    assert ids_of(tok, " lowly") == [258, 108, 121]
    assert ids_of(tok, "low<|end|>new") == [257, 265, 110, 262]
    assert text_of(tok, [257, 265, 110, 262]) == "low<|end|>new"
    assert text_of(tok, [0xE2, 0x82, 0xAC]) == "€"
    assert text_of(tok, [0xE2, 0x82]) == "\ufffd"
    with pytest.raises(ValueError):
        tok.decode([266])


def test_no_merges_is_bytes():
    tok = Tokenizer([])
    assert tok.vocab_size == 256
    assert ids_of(tok, "hé") == [104, 0xC3, 0xA9]
    assert ids_of(tok, "") == []
    assert text_of(tok, []) == ""


def test_round_trip():
    tok = Tokenizer(EXAMPLE_MERGES)
    for text in ["newest lowest", "  \n\t", "中文 😀 naïve", "a\x00b\x7f", "lower\r\nlow"]:
        assert text_of(tok, ids_of(tok, text)) == text


def test_merge_using_a_later_id_is_rejected():
    with pytest.raises(ValueError):
        Tokenizer([(97, 256)])
    with pytest.raises(ValueError):
        Tokenizer([(97, 98), (257, 97)])

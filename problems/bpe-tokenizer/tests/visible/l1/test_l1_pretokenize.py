from bpe import pretokenize


def chunks(text):
    got = pretokenize(text)
    assert type(got) is list and all(type(c) is str for c in got)
    return got


def test_example_from_statement():
    assert chunks("Hello, world!  It's 2024 -- naïve_x\tend \n\n  ok") == [
        "Hello", ",", " world", "!", " ", " It", "'", "s", " 2024", " --", " naïve",
        "_", "x", "\t", "end", " \n\n ", " ok"]


def test_runs_of_spaces_give_their_last_space_to_the_word():
    assert chunks("a   b") == ["a", "  ", " b"]
    assert chunks("a b") == ["a", " b"]
    assert chunks("a\tb") == ["a", "\t", "b"]


def test_empty_text_has_no_chunks():
    assert chunks("") == []


def test_classes_do_not_mix():
    assert chunks("abc123def") == ["abc", "123", "def"]
    assert chunks("x!?y") == ["x", "!?", "y"]
    assert chunks(" 42!") == [" 42", "!"]


def test_chunks_concatenate_to_the_text():
    text = "Tokenizers (BPE) merge  bytes:\n\n  e.g. 'ab' + 'c' -> 'abc'!\t\tDone.  "
    assert "".join(chunks(text)) == text

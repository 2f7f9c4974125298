from tok import tokenize

TEXT = "1,000 and " + " ".join(f"word{i}" for i in range(60)) + " at the end"


def test_long():
    assert tokenize(TEXT) == ["1,000", "and"] + [f"word{i}" for i in range(60)] + ["at", "the", "end"]

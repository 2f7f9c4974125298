from words import top_words


def test_example():
    assert top_words("b a b c a b", 2) == [("b", 3), ("a", 2)]


def test_ties_alphabetical():
    assert top_words("z y x", 3) == [("x", 1), ("y", 1), ("z", 1)]

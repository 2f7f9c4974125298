from words import top_words


def test_k_larger_than_vocabulary():
    assert top_words("A a b", 10) == [("a", 2), ("b", 1)]


def test_mixed_case_counts_together():
    result = top_words("Word word WORD other", 1)
    assert type(result) is list and result == [("word", 3)]

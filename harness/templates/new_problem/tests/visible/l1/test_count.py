from words import count_words


def test_example():
    result = count_words("The cat and the hat")
    assert type(result) is dict
    assert result == {"the": 2, "cat": 1, "and": 1, "hat": 1}


def test_empty():
    assert count_words("") == {}

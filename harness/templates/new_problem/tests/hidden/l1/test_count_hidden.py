from words import count_words


def test_apostrophes_and_digits():
    assert count_words("Don't stop 2 don't") == {"don't": 2, "stop": 1, "2": 1}


def test_scale_many_distinct_words():
    text = " ".join(f"w{i}" for i in range(60_000))
    result = count_words(text)
    assert len(result) == 60_000 and result["w59999"] == 1

from retrieval import tokenize


def check(tokens, expected):
    assert type(tokens) is list
    assert all(type(t) is str for t in tokens)
    assert tokens == expected


def test_statement_example():
    check(tokenize("Don\u2019t pay $1,000.50 by 3 March, says O'Neill (students' union) \u2014 "
                   "\uff21\uff22\uff23 d\u00e9j\u00e0-vu v2.0."),
          ["don't", "pay", "1,000.50", "by", "3", "march", "says", "o'neill",
           "students", "union", "abc", "d\u00e9j\u00e0", "vu", "v2.0"])


def test_lower_case_and_punctuation():
    check(tokenize("The Court HELD: negligence (s. 2) applies!"),
          ["the", "court", "held", "negligence", "s", "2", "applies"])


def test_apostrophes_at_word_edges():
    check(tokenize("'Tis the students' view"), ["tis", "the", "students", "view"])


def test_numbers():
    check(tokenize("1,000 and 3.14, or -7 at 12:30"), ["1,000", "and", "3.14", "or", "7", "at", "12", "30"])


def test_empty_and_separators_only():
    check(tokenize(""), [])
    check(tokenize(" -- ... \u00a7 $ "), [])

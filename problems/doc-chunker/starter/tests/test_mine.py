"""Your own tests. Run them with:  python -m pytest tests

They are never scored; add whatever helps you.
"""

from chunker import split_sentences


def test_abbreviation_does_not_end_a_sentence():
    text = "Interest accrues under s. 5 of the Act. Title passes on payment."
    assert split_sentences(text) == [
        "Interest accrues under s. 5 of the Act.",
        "Title passes on payment.",
    ]

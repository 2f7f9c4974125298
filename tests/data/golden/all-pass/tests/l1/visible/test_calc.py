from calc import square


def test_square():
    assert square(3) == 9


def test_zero():
    assert square(0) == 0

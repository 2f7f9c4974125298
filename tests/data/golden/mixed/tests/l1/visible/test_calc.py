from calc import square


def test_two():
    assert square(2) == 4


def test_three():
    assert square(3) == 9, "3 squared"


def test_negative():
    assert square(-1) == 1

from adder import add


def test_small():
    result = add(1, 2)
    assert type(result) is int and result == 3


def test_negative():
    assert add(-5, 2) == -3, "negative numbers"

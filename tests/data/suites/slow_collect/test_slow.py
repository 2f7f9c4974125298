import time

from adder import add

time.sleep(4)  # a slow import: the collect step stays busy long enough to be stopped


def test_small():
    assert add(1, 2) == 3

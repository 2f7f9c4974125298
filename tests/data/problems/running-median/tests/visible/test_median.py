import sortedcontainers

from median import medians


def test_the_package_is_the_pinned_one():
    assert sortedcontainers.__version__ == "2.4.0"


def test_example():
    assert medians([5, 1, 3]) == [5, 3.0, 3]

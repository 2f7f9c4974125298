import pytest

from grid import Grid
from grid_path import count_paths


def paths(text):
    return count_paths(Grid(text))


def test_single_cell():
    assert paths(".") == 1


def test_open_two_by_two():
    result = paths("..\n..")
    assert type(result) is int and result == 2


def test_wall_in_the_middle():
    assert paths("...\n.#.\n...") == 2


def test_blocked_start():
    assert paths("#.\n..") == 0


@pytest.mark.parametrize("size", [10, 16])
def test_open_square(size):
    from math import comb

    assert paths("\n".join(["." * size] * size)) == comb(2 * size - 2, size - 1)


def test_large_grid_is_fast():
    assert paths("\n".join(["." * 200] * 200)) > 0

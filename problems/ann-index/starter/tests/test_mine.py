"""Your own tests: run them with `python -m pytest tests`. They are never scored."""

import numpy as np

from annindex import VectorIndex


def test_nearest_is_itself():
    index = VectorIndex(2)
    index.add([1, 2], np.array([[1.0, 0.0], [0.0, 1.0]]))
    assert index.search(np.array([1.0, 0.0]), 1)[0][0] == 1

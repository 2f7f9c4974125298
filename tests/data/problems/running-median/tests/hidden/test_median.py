import random

from median import medians


def test_many():
    rng = random.Random(7)
    numbers = [rng.randint(-1000, 1000) for _ in range(2000)]
    got = medians(numbers)
    for i in (0, 1, 10, 999, 1999):
        prefix = sorted(numbers[: i + 1])
        mid = len(prefix) // 2
        want = prefix[mid] if len(prefix) % 2 else (prefix[mid - 1] + prefix[mid]) / 2
        assert got[i] == want

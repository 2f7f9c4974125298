"""Scale: tens of thousands of writes under a quota, with directory sizes checked
all the time and whole directories moved around. size/usage/quota must not walk
the tree."""

import random

import pytest

from memfs import MemoryFS, QuotaExceededError

TOPS = 50
LEAVES_PER_TOP = 20
FILES = 18_000


def test_many_files_sizes_quota_and_moves():
    rng = random.Random(31337)
    quota = 10**9
    fs = MemoryFS(quota=quota)
    leaf_parent: list[int] = []
    leaf_size: list[int] = []
    top_size = [0] * TOPS
    for t in range(TOPS):
        for _ in range(LEAVES_PER_TOP):
            leaf = len(leaf_parent)
            fs.mkdir(f"/p{t}/L{leaf}")
            leaf_parent.append(t)
            leaf_size.append(0)
    total = 0
    file_size: dict[tuple[int, int], int] = {}
    for i in range(FILES):
        leaf = rng.randrange(len(leaf_parent))
        k = rng.randrange(40)
        content = "x" * rng.randint(1, 20)
        path = f"/p{leaf_parent[leaf]}/L{leaf}/f{k}.txt"
        old = file_size.get((leaf, k), 0)
        if rng.random() < 0.3:
            fs.append(path, content)
            new = old + len(content)
        else:
            fs.write(path, content)
            new = len(content)
        file_size[(leaf, k)] = new
        leaf_size[leaf] += new - old
        top_size[leaf_parent[leaf]] += new - old
        total += new - old
        if i % 5 == 0:
            t = rng.randrange(TOPS)
            got = fs.size(f"/p{t}")
            assert type(got) is int and got == top_size[t]
        if i % 1000 == 0:
            assert fs.usage() == total == fs.size("/")
    for _ in range(2000):
        leaf = rng.randrange(len(leaf_parent))
        src, dst = leaf_parent[leaf], rng.randrange(TOPS)
        p = fs.move(f"/p{src}/L{leaf}", f"/p{dst}")
        assert p == f"/p{dst}/L{leaf}"
        leaf_parent[leaf] = dst
        top_size[src] -= leaf_size[leaf]
        top_size[dst] += leaf_size[leaf]
        assert fs.size(f"/p{src}") == top_size[src]
        assert fs.size(f"/p{dst}") == top_size[dst]
        assert fs.size(f"/p{dst}/L{leaf}") == leaf_size[leaf]
    fs.set_quota(total + 5)
    leaf = 0
    with pytest.raises(QuotaExceededError):
        fs.write(f"/p{leaf_parent[leaf]}/L{leaf}/big.txt", "y" * 6)
    fs.write(f"/p{leaf_parent[leaf]}/L{leaf}/big.txt", "y" * 5)
    assert fs.usage() == total + 5

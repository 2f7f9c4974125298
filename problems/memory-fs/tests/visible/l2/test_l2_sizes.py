import pytest

from memfs import MemoryFS


def test_example_from_statement():
    fs = MemoryFS()
    fs.mkdir("/a/b")
    fs.write("/a/x.txt", "abc")
    assert fs.append("/a/b/y.txt", "é") is None
    fs.append("/a/b/y.txt", "€")
    assert fs.read("/a/b/y.txt") == "é€"
    n = fs.size("/a/b/y.txt")
    assert type(n) is int and n == 5
    assert fs.size("/a") == 8
    assert fs.size("/") == 8
    assert fs.remove("/a/b") is None
    assert fs.size("/a") == 3
    assert fs.ls("/a") == ["x.txt"]
    with pytest.raises(ValueError):
        fs.remove("/")


def test_size_of_empty_things():
    fs = MemoryFS()
    assert fs.size("/") == 0
    fs.mkdir("/d")
    fs.write("/d/e", "")
    n = fs.size("/d")
    assert type(n) is int and n == 0


def test_utf8_sizes():
    fs = MemoryFS()
    fs.write("/ascii", "abc")
    fs.write("/emoji", "😀")
    assert fs.size("/ascii") == 3
    assert fs.size("/emoji") == 4
    assert fs.size("/") == 7


def test_remove_file():
    fs = MemoryFS()
    fs.write("/f", "xx")
    fs.remove("/f")
    assert fs.ls("/") == []
    with pytest.raises(FileNotFoundError):
        fs.read("/f")

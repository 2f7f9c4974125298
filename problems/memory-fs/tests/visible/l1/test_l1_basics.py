import pytest

from memfs import MemoryFS


def test_example_from_statement():
    fs = MemoryFS()
    assert fs.mkdir("/docs/notes") is None
    assert fs.write("/docs/readme.md", "hi") is None
    fs.write("/docs/Zeta.txt", "z")
    r = fs.ls("/docs")
    assert type(r) is list and r == ["Zeta.txt", "notes", "readme.md"]
    assert fs.ls("/docs/readme.md") == ["readme.md"]
    v = fs.read("/docs/readme.md")
    assert type(v) is str and v == "hi"
    fs.write("/docs/readme.md", "bye")
    assert fs.read("/docs/readme.md") == "bye"
    with pytest.raises(FileNotFoundError):
        fs.write("/tmp/x", "1")
    with pytest.raises(NotADirectoryError):
        fs.mkdir("/docs/readme.md/sub")
    with pytest.raises(IsADirectoryError):
        fs.read("/docs")


def test_empty_root():
    fs = MemoryFS()
    r = fs.ls("/")
    assert type(r) is list and r == []


def test_mkdir_creates_parents_and_is_idempotent():
    fs = MemoryFS()
    fs.mkdir("/a/b/c")
    fs.mkdir("/a/b/c")
    fs.mkdir("/a")
    assert fs.ls("/") == ["a"]
    assert fs.ls("/a") == ["b"]
    assert fs.ls("/a/b") == ["c"]
    assert fs.ls("/a/b/c") == []


def test_invalid_paths_raise_value_error():
    fs = MemoryFS()
    for bad in ["", "a", "/a/", "//a", "/a/../b"]:
        with pytest.raises(ValueError):
            fs.mkdir(bad)
    assert fs.ls("/") == []

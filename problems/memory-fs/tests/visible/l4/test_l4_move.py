import pytest

from memfs import MemoryFS


def test_example_from_statement():
    fs = MemoryFS()
    fs.mkdir("/inbox")
    fs.mkdir("/archive")
    fs.write("/inbox/report.txt", "q1")
    fs.write("/archive/report.txt", "old")
    p = fs.move("/inbox/report.txt", "/archive")
    assert type(p) is str and p == "/archive/report (1).txt"
    p = fs.copy("/archive/report.txt", "/archive")
    assert type(p) is str and p == "/archive/report (2).txt"
    p = fs.rename("/archive/report (2).txt", "report.txt")
    assert type(p) is str and p == "/archive/report (2).txt"
    assert fs.ls("/archive") == ["report (1).txt", "report (2).txt", "report.txt"]
    assert fs.move("/archive", "/inbox") == "/inbox/archive"
    assert fs.size("/inbox") == 8
    with pytest.raises(ValueError):
        fs.move("/inbox", "/inbox/archive")


def test_move_without_collision_keeps_name_and_content():
    fs = MemoryFS()
    fs.mkdir("/a")
    fs.mkdir("/b")
    fs.write("/a/x.txt", "hello")
    assert fs.move("/a/x.txt", "/b") == "/b/x.txt"
    assert fs.ls("/a") == []
    assert fs.read("/b/x.txt") == "hello"


def test_rename_simple():
    fs = MemoryFS()
    fs.mkdir("/d")
    fs.write("/d/old.txt", "1")
    assert fs.rename("/d/old.txt", "new.txt") == "/d/new.txt"
    assert fs.ls("/d") == ["new.txt"]


def test_copy_is_independent():
    fs = MemoryFS()
    fs.mkdir("/src/sub")
    fs.write("/src/sub/f", "abc")
    fs.mkdir("/dst")
    assert fs.copy("/src", "/dst") == "/dst/src"
    fs.write("/dst/src/sub/f", "changed")
    assert fs.read("/src/sub/f") == "abc"
    assert fs.size("/") == 3 + 7

"""Your own tests: run them with `python -m pytest tests`. They are never scored."""

from memfs import MemoryFS


def test_write_then_read():
    fs = MemoryFS()
    fs.mkdir("/docs")
    fs.write("/docs/a.txt", "hello")
    assert fs.read("/docs/a.txt") == "hello"

import pytest

from memfs import MemoryFS, QuotaExceededError


def test_example_from_statement():
    fs = MemoryFS(quota=10)
    fs.mkdir("/d")
    fs.write("/d/a", "12345")
    with pytest.raises(QuotaExceededError):
        fs.write("/d/b", "123456")
    assert fs.ls("/d") == ["a"]
    fs.append("/d/a", "67890")
    with pytest.raises(QuotaExceededError):
        fs.write("/d/a", "abcdefghijk")
    assert fs.read("/d/a") == "1234567890"
    assert fs.set_quota(4) is None
    fs.write("/d/a", "xyz")
    with pytest.raises(QuotaExceededError):
        fs.append("/d/a", "!!")
    u = fs.usage()
    assert type(u) is int and u == 3


def test_no_quota_by_default():
    fs = MemoryFS()
    fs.write("/big", "x" * 100_000)
    assert fs.usage() == 100_000


def test_quota_is_an_exception_class():
    assert issubclass(QuotaExceededError, Exception)


def test_invalid_quota():
    with pytest.raises(ValueError):
        MemoryFS(quota=-1)
    fs = MemoryFS(quota=5)
    with pytest.raises(ValueError):
        fs.set_quota(-3)
    with pytest.raises(QuotaExceededError):
        fs.write("/f", "123456")

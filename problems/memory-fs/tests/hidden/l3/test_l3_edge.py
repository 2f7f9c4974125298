import pytest

from memfs import MemoryFS, QuotaExceededError


def test_exactly_at_quota_allowed_one_more_byte_not():
    fs = MemoryFS(quota=6)
    fs.write("/a", "123")
    fs.write("/b", "456")
    assert fs.usage() == 6
    with pytest.raises(QuotaExceededError):
        fs.append("/a", "7")
    with pytest.raises(QuotaExceededError):
        fs.write("/c", "7")
    assert fs.ls("/") == ["a", "b"]
    assert fs.read("/a") == "123"


def test_overwrite_same_size_at_quota_allowed():
    fs = MemoryFS(quota=3)
    fs.write("/a", "123")
    fs.write("/a", "abc")
    assert fs.read("/a") == "abc"
    assert fs.usage() == 3


def test_zero_quota_allows_empty_files():
    fs = MemoryFS(quota=0)
    fs.mkdir("/d")
    fs.write("/d/empty", "")
    fs.append("/d/empty2", "")
    assert fs.ls("/d") == ["empty", "empty2"]
    with pytest.raises(QuotaExceededError):
        fs.write("/d/x", "x")
    with pytest.raises(QuotaExceededError):
        fs.append("/d/empty", "x")
    assert fs.ls("/d") == ["empty", "empty2"]
    assert fs.read("/d/empty") == ""


def test_failed_create_leaves_no_file():
    fs = MemoryFS(quota=2)
    fs.mkdir("/d")
    with pytest.raises(QuotaExceededError):
        fs.append("/d/new", "123")
    assert fs.ls("/d") == []
    with pytest.raises(FileNotFoundError):
        fs.read("/d/new")


def test_over_quota_shrinking_and_empty_appends_allowed():
    fs = MemoryFS()
    fs.write("/a", "1234567890")
    fs.write("/b", "12345")
    fs.set_quota(5)
    assert fs.usage() == 15
    fs.append("/a", "")
    fs.write("/a", "12345678")
    assert fs.usage() == 13
    with pytest.raises(QuotaExceededError):
        fs.write("/a", "123456789")
    with pytest.raises(QuotaExceededError):
        fs.write("/c", "1")
    fs.write("/c", "")
    fs.remove("/a")
    assert fs.usage() == 5
    with pytest.raises(QuotaExceededError):
        fs.append("/b", "6")
    fs.write("/b", "1234")
    fs.append("/b", "5")
    assert fs.usage() == 5


def test_quota_counts_utf8_bytes():
    fs = MemoryFS(quota=4)
    fs.write("/f", "€")            # 3 bytes
    with pytest.raises(QuotaExceededError):
        fs.append("/f", "é")       # +2 -> 5
    fs.append("/f", "a")           # 4
    assert fs.usage() == 4
    assert fs.read("/f") == "€a"


def test_remove_frees_quota():
    fs = MemoryFS(quota=5)
    fs.mkdir("/d/e")
    fs.write("/d/e/f", "12345")
    with pytest.raises(QuotaExceededError):
        fs.write("/g", "1")
    fs.remove("/d")
    fs.write("/g", "12345")
    assert fs.usage() == 5


def test_set_quota_none_removes_limit():
    fs = MemoryFS(quota=1)
    with pytest.raises(QuotaExceededError):
        fs.write("/f", "12")
    fs.set_quota(None)
    fs.write("/f", "12")
    fs.set_quota(2)
    with pytest.raises(QuotaExceededError):
        fs.append("/f", "3")
    assert fs.usage() == 2


def test_failed_set_quota_keeps_old_quota():
    fs = MemoryFS(quota=3)
    with pytest.raises(ValueError):
        fs.set_quota(-1)
    with pytest.raises(ValueError):
        fs.set_quota(2.5)
    with pytest.raises(QuotaExceededError):
        fs.write("/f", "1234")
    fs.write("/f", "123")


def test_invalid_quota_in_constructor():
    with pytest.raises(ValueError):
        MemoryFS(quota=-10)
    with pytest.raises(ValueError):
        MemoryFS(quota=1.5)


def test_path_errors_come_before_quota():
    fs = MemoryFS(quota=0)
    fs.mkdir("/d")
    fs.write("/f", "")
    with pytest.raises(FileNotFoundError):
        fs.write("/missing/x", "too big")
    with pytest.raises(NotADirectoryError):
        fs.append("/f/x", "too big")
    with pytest.raises(IsADirectoryError):
        fs.write("/d", "too big")
    with pytest.raises(ValueError):
        fs.write("/d/", "too big")


def test_usage_equals_root_size():
    fs = MemoryFS(quota=100)
    fs.mkdir("/a/b")
    fs.write("/a/b/x", "😀😀")
    fs.write("/a/y", "abc")
    u = fs.usage()
    assert type(u) is int and u == 11 == fs.size("/")


def test_huge_quota():
    fs = MemoryFS(quota=10**12)
    fs.write("/f", "x" * 1000)
    assert fs.usage() == 1000

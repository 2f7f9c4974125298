import pytest

from kvstore import KVStore


def test_example_from_statement():
    s = KVStore()
    s.set_at("a", "1", 1)
    s.set_at("b", "2", 2, ttl=10)
    n = s.backup_at(5)
    assert type(n) is int and n == 2
    s.set_at("c", "3", 6)
    assert s.delete_at("a", 7) is True
    assert s.restore_at(20, 5) is None
    r = s.scan_at(20)
    assert type(r) is list and r == [("a", "1"), ("b", "2")]
    v = s.get_at("b", 26)
    assert type(v) is str and v == "2"
    assert s.get_at("b", 27) is None
    with pytest.raises(ValueError):
        s.restore_at(30, 4)


def test_backup_skips_expired_keys():
    s = KVStore()
    s.set_at("a", "1", 0, ttl=3)
    s.set_at("b", "2", 0)
    n = s.backup_at(3)
    assert type(n) is int and n == 1
    s.restore_at(4, 3)
    assert s.scan_at(4) == [("b", "2")]


def test_restore_same_backup_twice():
    s = KVStore()
    s.set_at("k", "v", 0)
    s.backup_at(1)
    s.set_at("k", "changed", 2)
    s.restore_at(3, 1)
    assert s.get_at("k", 3) == "v"
    s.set_at("k", "changed again", 4)
    s.set_at("extra", "x", 4)
    s.restore_at(5, 2)
    assert s.scan_at(5) == [("k", "v")]


def test_empty_backup():
    s = KVStore()
    n = s.backup_at(0)
    assert type(n) is int and n == 0
    s.set_at("k", "v", 1)
    s.restore_at(2, 0)
    assert s.scan_at(2) == []

from kvstore import KVStore


def test_example_from_statement():
    s = KVStore()
    assert s.set_at("session:a", "alice", 10, ttl=5) is None
    assert s.set_at("session:b", "bob", 11) is None
    v = s.get_at("session:a", 14)
    assert type(v) is str and v == "alice"
    assert s.get_at("session:a", 15) is None
    r = s.scan_prefix_at("session:", 15)
    assert type(r) is list and r == [("session:b", "bob")]
    assert type(r[0]) is tuple
    s.set_at("session:a", "ann", 20, ttl=3)
    assert s.scan_at(21) == [("session:a", "ann"), ("session:b", "bob")]
    r = s.delete_at("session:a", 23)
    assert type(r) is bool and r is False
    r = s.delete_at("session:b", 23)
    assert type(r) is bool and r is True
    assert s.scan_at(23) == []


def test_no_ttl_never_expires():
    s = KVStore()
    s.set_at("k", "v", 1)
    assert s.get_at("k", 10**12) == "v"


def test_expiry_boundary_is_exclusive():
    s = KVStore()
    s.set_at("k", "v", 100, ttl=1)
    assert s.get_at("k", 100) == "v"
    assert s.get_at("k", 101) is None


def test_bad_ttl_raises_value_error():
    s = KVStore()
    for bad in (0, -5):
        try:
            s.set_at("k", "v", 1, ttl=bad)
        except ValueError:
            pass
        else:
            raise AssertionError(f"ttl={bad} should raise ValueError")
    assert s.get_at("k", 1) is None

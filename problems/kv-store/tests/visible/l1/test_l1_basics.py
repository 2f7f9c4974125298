from kvstore import KVStore


def test_example_from_statement():
    s = KVStore()
    assert s.set("user:1", "alice") is None
    assert s.set("user:2", "bob") is None
    v = s.get("user:1")
    assert type(v) is str and v == "alice"
    s.set("user:1", "carol")
    v = s.get("user:1")
    assert type(v) is str and v == "carol"
    r = s.delete("user:2")
    assert type(r) is bool and r is True
    r = s.delete("user:2")
    assert type(r) is bool and r is False
    assert s.get("user:2") is None
    assert s.get("nobody") is None


def test_get_missing_on_empty_store():
    s = KVStore()
    assert s.get("x") is None


def test_delete_missing_returns_false():
    s = KVStore()
    r = s.delete("x")
    assert type(r) is bool and r is False


def test_set_after_delete():
    s = KVStore()
    s.set("k", "1")
    assert s.delete("k") is True
    s.set("k", "2")
    v = s.get("k")
    assert type(v) is str and v == "2"

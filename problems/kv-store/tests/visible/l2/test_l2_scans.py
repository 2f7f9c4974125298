from kvstore import KVStore


def _check_pairs(result):
    assert type(result) is list
    for pair in result:
        assert type(pair) is tuple and len(pair) == 2
        assert type(pair[0]) is str and type(pair[1]) is str


def test_example_from_statement():
    s = KVStore()
    s.set("user:10", "ann")
    s.set("user:2", "bo")
    s.set("team:1", "core")
    s.set("user:1", "cy")
    r = s.scan()
    _check_pairs(r)
    assert r == [("team:1", "core"), ("user:1", "cy"), ("user:10", "ann"), ("user:2", "bo")]
    r = s.scan_prefix("user:1")
    _check_pairs(r)
    assert r == [("user:1", "cy"), ("user:10", "ann")]
    assert s.delete("user:1") is True
    assert s.scan_prefix("user:1") == [("user:10", "ann")]
    r = s.scan_prefix("admin")
    assert type(r) is list and r == []


def test_scan_empty_store():
    s = KVStore()
    r = s.scan()
    assert type(r) is list and r == []


def test_scan_sees_overwrites():
    s = KVStore()
    s.set("b", "1")
    s.set("a", "2")
    s.set("b", "3")
    assert s.scan() == [("a", "2"), ("b", "3")]


def test_empty_prefix_is_full_scan():
    s = KVStore()
    for k in ["m", "c", "x", "a"]:
        s.set(k, k.upper())
    assert s.scan_prefix("") == s.scan() == [("a", "A"), ("c", "C"), ("m", "M"), ("x", "X")]

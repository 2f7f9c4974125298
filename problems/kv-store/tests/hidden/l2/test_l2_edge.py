import random

from kvstore import KVStore


def _check_pairs(result):
    assert type(result) is list
    for pair in result:
        assert type(pair) is tuple and len(pair) == 2
        assert type(pair[0]) is str and type(pair[1]) is str


def test_codepoint_order_uppercase_first():
    s = KVStore()
    for k in ["b", "B", "a", "A", "_", "1"]:
        s.set(k, "v")
    assert [k for k, _ in s.scan()] == ["1", "A", "B", "_", "a", "b"]


def test_prefix_matches_key_equal_to_prefix_and_not_neighbours():
    s = KVStore()
    for k in ["user:1", "user:10", "user:1:x", "User:1", "user-1", "user:", "user:0", "user:2"]:
        s.set(k, k)
    r = s.scan_prefix("user:1")
    _check_pairs(r)
    assert r == [("user:1", "user:1"), ("user:10", "user:10"), ("user:1:x", "user:1:x")]
    assert [k for k, _ in s.scan_prefix("user:")] == ["user:", "user:0", "user:1", "user:10",
                                                      "user:1:x", "user:2"]
    assert s.scan_prefix("user:10x") == []
    assert s.scan_prefix("zzz") == []
    assert s.scan_prefix("User") == [("User:1", "User:1")]


def test_prefix_longer_than_every_key():
    s = KVStore()
    s.set("ab", "1")
    assert s.scan_prefix("abc") == []
    assert s.scan_prefix("a") == [("ab", "1")]


def test_returned_list_is_a_copy():
    s = KVStore()
    s.set("a", "1")
    s.set("b", "2")
    r = s.scan()
    r.append(("zzz", "9"))
    r.clear()
    assert s.scan() == [("a", "1"), ("b", "2")]
    p = s.scan_prefix("a")
    p.append(("aa", "x"))
    assert s.scan_prefix("a") == [("a", "1")]


def test_empty_values_appear_in_scans():
    s = KVStore()
    s.set("k", "")
    s.set("j", "x")
    assert s.scan() == [("j", "x"), ("k", "")]


def test_deleted_then_reinserted_key_appears_once():
    s = KVStore()
    s.set("a", "1")
    s.delete("a")
    s.set("a", "2")
    s.set("a", "3")
    assert s.scan() == [("a", "3")]


def test_unicode_prefixes():
    s = KVStore()
    s.set("é1", "x")
    s.set("é2", "y")
    s.set("e1", "z")
    s.set("😀a", "w")
    assert s.scan_prefix("é") == [("é1", "x"), ("é2", "y")]
    assert s.scan_prefix("😀") == [("😀a", "w")]
    assert [k for k, _ in s.scan()] == ["e1", "é1", "é2", "😀a"]


def test_random_against_model():
    rng = random.Random(99)
    s = KVStore()
    model: dict[str, str] = {}
    alphabet = "ab:1"
    for _ in range(3000):
        key = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4)))
        op = rng.random()
        if op < 0.45:
            v = str(rng.randrange(100))
            s.set(key, v)
            model[key] = v
        elif op < 0.65:
            assert s.delete(key) == (key in model)
            model.pop(key, None)
        else:
            prefix = key[: rng.randint(0, len(key))]
            r = s.scan_prefix(prefix)
            _check_pairs(r)
            assert r == sorted((k, v) for k, v in model.items() if k.startswith(prefix))
    assert s.scan() == sorted(model.items())

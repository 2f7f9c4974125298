import random

from kvstore import KVStore


def test_empty_value_is_present():
    s = KVStore()
    s.set("k", "")
    v = s.get("k")
    assert type(v) is str and v == ""
    r = s.delete("k")
    assert type(r) is bool and r is True
    assert s.get("k") is None


def test_keys_are_case_and_space_sensitive():
    s = KVStore()
    s.set("a", "lower")
    s.set("A", "upper")
    s.set("a ", "spaced")
    assert s.get("a") == "lower"
    assert s.get("A") == "upper"
    assert s.get("a ") == "spaced"
    assert s.get(" a") is None
    assert s.delete("A") is True
    assert s.get("a") == "lower"


def test_unicode_keys_and_values():
    s = KVStore()
    s.set("ключ", "значение")
    s.set("😀", "smile")
    assert s.get("ключ") == "значение"
    assert s.get("😀") == "smile"


def test_stores_are_independent():
    a = KVStore()
    b = KVStore()
    a.set("k", "from-a")
    assert b.get("k") is None
    b.set("k", "from-b")
    assert a.get("k") == "from-a"
    assert a.delete("k") is True
    assert b.get("k") == "from-b"


def test_value_that_looks_like_none_or_false():
    s = KVStore()
    s.set("n", "None")
    s.set("f", "False")
    s.set("z", "0")
    assert s.get("n") == "None"
    assert s.get("f") == "False"
    assert s.get("z") == "0"


def test_random_against_dict():
    rng = random.Random(1234)
    s = KVStore()
    model: dict[str, str] = {}
    for _ in range(5000):
        key = f"k{rng.randrange(300)}"
        op = rng.random()
        if op < 0.5:
            value = str(rng.randrange(10**6)) if rng.random() < 0.9 else ""
            assert s.set(key, value) is None
            model[key] = value
        elif op < 0.8:
            got = s.get(key)
            assert got == model.get(key)
            assert got is None or type(got) is str
        else:
            r = s.delete(key)
            assert type(r) is bool and r == (key in model)
            model.pop(key, None)

import random

import pytest

from kvstore import KVStore


def test_reset_with_ttl_counts_from_new_timestamp():
    s = KVStore()
    s.set_at("k", "v1", 0, ttl=10)
    s.set_at("k", "v2", 8, ttl=10)
    assert s.get_at("k", 12) == "v2"
    assert s.get_at("k", 17) == "v2"
    assert s.get_at("k", 18) is None


def test_reset_without_ttl_makes_key_permanent():
    s = KVStore()
    s.set_at("k", "v1", 0, ttl=5)
    s.set_at("k", "v2", 3)
    assert s.get_at("k", 5) == "v2"
    assert s.get_at("k", 10**12) == "v2"


def test_reset_with_ttl_makes_permanent_key_expire():
    s = KVStore()
    s.set_at("k", "v1", 0)
    s.set_at("k", "v2", 1, ttl=2)
    assert s.get_at("k", 2) == "v2"
    assert s.get_at("k", 3) is None


def test_set_after_expiry_revives_key():
    s = KVStore()
    s.set_at("k", "old", 0, ttl=1)
    assert s.get_at("k", 5) is None
    s.set_at("k", "new", 6, ttl=1)
    assert s.get_at("k", 6) == "new"
    assert s.scan_at(6) == [("k", "new")]
    assert s.scan_at(7) == []


def test_delete_expired_returns_false_and_key_stays_gone():
    s = KVStore()
    s.set_at("k", "v", 0, ttl=3)
    r = s.delete_at("k", 3)
    assert type(r) is bool and r is False
    assert s.get_at("k", 3) is None
    assert s.delete_at("k", 4) is False
    assert s.delete_at("never", 4) is False


def test_delete_live_then_get():
    s = KVStore()
    s.set_at("k", "v", 0, ttl=3)
    assert s.delete_at("k", 2) is True
    assert s.get_at("k", 2) is None
    assert s.scan_at(2) == []


def test_equal_timestamps_allowed():
    s = KVStore()
    s.set_at("a", "1", 5, ttl=1)
    s.set_at("b", "2", 5)
    assert s.get_at("a", 5) == "1"
    assert s.scan_at(5) == [("a", "1"), ("b", "2")]
    assert s.scan_at(6) == [("b", "2")]


def test_scans_skip_expired_in_the_middle():
    s = KVStore()
    s.set_at("p:1", "a", 0)
    s.set_at("p:2", "b", 0, ttl=5)
    s.set_at("p:3", "c", 0)
    s.set_at("q:1", "d", 0, ttl=5)
    assert s.scan_prefix_at("p:", 4) == [("p:1", "a"), ("p:2", "b"), ("p:3", "c")]
    assert s.scan_prefix_at("p:", 5) == [("p:1", "a"), ("p:3", "c")]
    assert s.scan_at(5) == [("p:1", "a"), ("p:3", "c")]


def test_huge_timestamps():
    s = KVStore()
    t = 10**12 - 10
    s.set_at("k", "v", t, ttl=10)
    assert s.get_at("k", 10**12 - 1) == "v"
    assert s.get_at("k", 10**12) is None


@pytest.mark.parametrize("bad", [0, -1, 2.5])
def test_bad_ttl_changes_nothing(bad):
    s = KVStore()
    s.set_at("k", "orig", 0, ttl=100)
    with pytest.raises(ValueError):
        s.set_at("k", "new", 1, ttl=bad)
    assert s.get_at("k", 99) == "orig"
    assert s.get_at("k", 100) is None
    with pytest.raises(ValueError):
        s.set_at("fresh", "x", 100, ttl=bad)
    assert s.get_at("fresh", 100) is None
    assert s.scan_at(100) == []


def test_random_against_model():
    rng = random.Random(2024)
    s = KVStore()
    model: dict[str, tuple[str, int | None]] = {}

    def live(t):
        return {k: v for k, (v, exp) in model.items() if exp is None or t < exp}

    t = 0
    for _ in range(4000):
        t += rng.choice([0, 0, 1, 1, 2, 5])
        key = "k" + str(rng.randrange(40))
        op = rng.random()
        if op < 0.4:
            ttl = rng.choice([None, 1, 2, 3, 10, 50])
            v = str(rng.randrange(1000))
            s.set_at(key, v, t, ttl=ttl)
            model[key] = (v, None if ttl is None else t + ttl)
        elif op < 0.6:
            got = s.get_at(key, t)
            assert got == live(t).get(key)
        elif op < 0.75:
            r = s.delete_at(key, t)
            assert type(r) is bool and r == (key in live(t))
            model.pop(key, None)
        elif op < 0.9:
            prefix = key[: rng.randint(0, len(key))]
            assert s.scan_prefix_at(prefix, t) == sorted(
                (k, v) for k, v in live(t).items() if k.startswith(prefix))
        else:
            assert s.scan_at(t) == sorted(live(t).items())

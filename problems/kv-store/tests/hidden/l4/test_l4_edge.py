import random

import pytest

from kvstore import KVStore


def test_remaining_ttl_restarts_at_restore():
    s = KVStore()
    s.set_at("k", "v", 100, ttl=50)       # expires at 150
    s.backup_at(140)                      # 10 left
    s.restore_at(1000, 140)
    assert s.get_at("k", 1009) == "v"
    assert s.get_at("k", 1010) is None


def test_restore_before_original_expiry_still_uses_remaining():
    s = KVStore()
    s.set_at("k", "v", 0, ttl=100)        # expires at 100
    s.backup_at(10)                       # 90 left
    s.restore_at(20, 10)                  # now expires at 110, not 100
    assert s.get_at("k", 100) == "v"
    assert s.get_at("k", 109) == "v"
    assert s.get_at("k", 110) is None


def test_remaining_of_one():
    s = KVStore()
    s.set_at("k", "v", 0, ttl=5)
    assert s.backup_at(4) == 1
    s.restore_at(50, 4)
    assert s.get_at("k", 50) == "v"
    assert s.get_at("k", 51) is None


def test_restored_permanent_key_is_permanent():
    s = KVStore()
    s.set_at("k", "v", 0)
    s.backup_at(1)
    s.set_at("k", "w", 2, ttl=1)
    s.restore_at(3, 1)
    assert s.get_at("k", 10**12) == "v"


def test_picks_latest_backup_at_or_before():
    s = KVStore()
    s.set_at("k", "1", 0)
    s.backup_at(10)
    s.set_at("k", "2", 11)
    s.backup_at(20)
    s.set_at("k", "3", 21)
    s.backup_at(30)
    s.restore_at(40, 25)
    assert s.get_at("k", 40) == "2"
    s.restore_at(41, 20)
    assert s.get_at("k", 41) == "2"
    s.restore_at(42, 19)
    assert s.get_at("k", 42) == "1"
    s.restore_at(43, 43)
    assert s.get_at("k", 43) == "3"


def test_same_timestamp_backups_last_one_wins():
    s = KVStore()
    s.set_at("k", "first", 5)
    s.backup_at(5)
    s.set_at("k", "second", 5)
    s.backup_at(5)
    s.restore_at(6, 5)
    assert s.get_at("k", 6) == "second"


def test_failed_restore_changes_nothing():
    s = KVStore()
    s.set_at("k", "v", 10, ttl=5)
    s.backup_at(11)
    s.set_at("j", "w", 12)
    with pytest.raises(ValueError):
        s.restore_at(13, 10)
    assert s.scan_at(13) == [("j", "w"), ("k", "v")]
    assert s.get_at("k", 15) is None


def test_restore_with_no_backups_raises():
    s = KVStore()
    s.set_at("k", "v", 0)
    with pytest.raises(ValueError):
        s.restore_at(1, 1)
    assert s.get_at("k", 1) == "v"


def test_changes_after_restore_do_not_alter_backup():
    s = KVStore()
    s.set_at("a", "1", 0)
    s.set_at("b", "2", 0, ttl=10)
    s.backup_at(1)
    s.restore_at(2, 1)
    s.set_at("a", "changed", 3)
    s.delete_at("b", 3)
    s.set_at("c", "new", 3)
    s.restore_at(4, 1)
    assert s.scan_at(4) == [("a", "1"), ("b", "2")]
    assert s.get_at("b", 12) == "2"
    assert s.get_at("b", 13) is None


def test_later_backups_survive_restore_to_earlier_one():
    s = KVStore()
    s.set_at("k", "old", 0)
    s.backup_at(1)
    s.set_at("k", "new", 2)
    s.backup_at(3)
    s.restore_at(4, 1)
    assert s.get_at("k", 4) == "old"
    s.restore_at(5, 3)
    assert s.get_at("k", 5) == "new"


def test_scans_after_restore_are_sorted_and_complete():
    s = KVStore()
    for k in ["d", "b", "a", "c"]:
        s.set_at(k, k * 2, 0)
    s.backup_at(1)
    s.delete_at("b", 2)
    s.set_at("aa", "x", 2)
    s.restore_at(3, 1)
    assert s.scan_at(3) == [("a", "aa"), ("b", "bb"), ("c", "cc"), ("d", "dd")]
    assert s.scan_prefix_at("a", 3) == [("a", "aa")]
    s.set_at("ab", "y", 4)
    assert s.scan_prefix_at("a", 4) == [("a", "aa"), ("ab", "y")]


def test_random_against_model():
    rng = random.Random(77)
    s = KVStore()
    model: dict[str, tuple[str, int | None]] = {}
    backups: list[tuple[int, dict[str, tuple[str, int | None]]]] = []

    def live(t):
        return {k: v for k, (v, exp) in model.items() if exp is None or t < exp}

    t = 0
    for _ in range(3000):
        t += rng.choice([0, 1, 1, 2, 3])
        key = "k" + str(rng.randrange(30))
        op = rng.random()
        if op < 0.35:
            ttl = rng.choice([None, 1, 3, 7, 20])
            v = str(rng.randrange(1000))
            s.set_at(key, v, t, ttl=ttl)
            model[key] = (v, None if ttl is None else t + ttl)
        elif op < 0.45:
            r = s.delete_at(key, t)
            assert r == (key in live(t))
            model.pop(key, None)
        elif op < 0.55:
            snap = {k: (v, None if exp is None else exp - t)
                    for k, (v, exp) in model.items() if exp is None or t < exp}
            n = s.backup_at(t)
            assert type(n) is int and n == len(snap)
            backups.append((t, snap))
        elif op < 0.62:
            target = t - rng.randrange(0, 60)
            chosen = None
            for taken, snap in backups:
                if taken <= target:
                    chosen = snap
            if chosen is None:
                with pytest.raises(ValueError):
                    s.restore_at(t, target)
            else:
                assert s.restore_at(t, target) is None
                model = {k: (v, None if left is None else t + left)
                         for k, (v, left) in chosen.items()}
        elif op < 0.8:
            assert s.get_at(key, t) == live(t).get(key)
        else:
            prefix = key[: rng.randint(0, len(key))]
            assert s.scan_prefix_at(prefix, t) == sorted(
                (k, v) for k, v in live(t).items() if k.startswith(prefix))

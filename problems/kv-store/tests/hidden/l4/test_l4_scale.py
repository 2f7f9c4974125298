"""Scale: tens of thousands of keys and thousands of narrow prefix scans."""

import random

from kvstore import KVStore

GROUPS = 5_000
PER_GROUP = 3
SCANS = 8_000


def test_many_narrow_prefix_scans():
    rng = random.Random(5150)
    s = KVStore()
    groups: list[dict[str, tuple[str, int | None]]] = [{} for _ in range(GROUPS)]
    order = [(g, j) for g in range(GROUPS) for j in range(PER_GROUP)]
    rng.shuffle(order)
    t = 0
    for g, j in order:                       # 30,000 keys in random order
        key = f"g{g:05d}:{j}"
        ttl = 1_000_000 if j == 2 else None
        s.set_at(key, f"v{g}.{j}", t, ttl=ttl)
        groups[g][key] = (f"v{g}.{j}", None if ttl is None else t + ttl)
        t += 1

    def expected(g, now):
        return sorted((k, v) for k, (v, exp) in groups[g].items() if exp is None or now < exp)

    checked = 0
    for i in range(SCANS):
        t += 1
        g = rng.randrange(GROUPS)
        r = rng.random()
        if r < 0.15:
            key = f"g{g:05d}:{rng.randrange(10)}"
            ttl = rng.choice([None, 50])
            s.set_at(key, f"n{i}", t, ttl=ttl)
            groups[g][key] = (f"n{i}", None if ttl is None else t + ttl)
        elif r < 0.25:
            key = f"g{g:05d}:{rng.randrange(PER_GROUP)}"
            live = key in groups[g] and (groups[g][key][1] is None or t < groups[g][key][1])
            assert s.delete_at(key, t) is live
            groups[g].pop(key, None)
        got = s.scan_prefix_at(f"g{g:05d}:", t)
        assert type(got) is list
        assert got == expected(g, t)
        checked += len(got)
    assert checked > SCANS
    t += 1
    n = s.backup_at(t)
    assert type(n) is int and n == sum(len(expected(g, t)) for g in range(GROUPS))

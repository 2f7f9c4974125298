"""Scale: tens of thousands of users plus a few very busy ones, under a gateway
budget. Every call must be O(1): re-scanning request histories is too slow."""

from limiter import RateLimiter

LIGHT_USERS = 12_000
HEAVY_USERS = 4
HEAVY_CALLS = 5_000


class FakeClock:
    def __init__(self) -> None:
        self.now = 0

    def __call__(self) -> int:
        return self.now


def _expected_heavy(rpm, times):
    cap = rpm * 60_000
    level, last, admitted = cap, times[0], 0
    for t in times:
        level = min(cap, level + (t - last) * rpm)
        last = t
        if level >= 60_000:
            level -= 60_000
            admitted += 1
    return admitted


def test_many_users_constant_time_per_call():
    clock = FakeClock()
    lim = RateLimiter(rpm=1, tpm=1_000, clock=clock)
    lim.add_tier("heavy", rpm=6_000, priority="high")
    heavy = [f"heavy-{i}" for i in range(HEAVY_USERS)]
    for h in heavy:
        lim.assign(h, "heavy")
    lim.set_capacity(10**12, reserved=10**6)

    admitted = 0
    open_ids = []
    for i in range(LIGHT_USERS):
        clock.now += 1
        u = f"user-{i}"
        rid = lim.begin(u, 10)
        assert type(rid) is int
        open_ids.append(rid)
        admitted += lim.allow(u, 10)                 # rpm 1: always denied
    assert admitted == 0
    assert len(set(open_ids)) == LIGHT_USERS
    for rid in open_ids:
        lim.finish(rid, 20)

    times: dict[str, list[int]] = {h: [] for h in heavy}
    counts = dict.fromkeys(heavy, 0)
    for i in range(HEAVY_CALLS * HEAVY_USERS):
        clock.now += 1
        h = heavy[i % HEAVY_USERS]
        times[h].append(clock.now)
        counts[h] += lim.allow(h, 3)
    for h in heavy:
        assert counts[h] == _expected_heavy(6_000, times[h])

    clock.now += 60_000
    assert all(lim.allow(f"user-{i}", 1000) for i in range(0, LIGHT_USERS, 5))

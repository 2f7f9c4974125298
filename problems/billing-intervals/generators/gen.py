"""Deterministic test generator for billing-intervals.

Run from anywhere:  python3 generators/gen.py
Writes tests/{visible,hidden}/<level>/NAME.in and, by running the reference
solution, the matching NAME.ans files.
"""
import random
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REF = ROOT / "solution" / "solution.py"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
BASE = int((datetime(2026, 1, 5, tzinfo=timezone.utc) - EPOCH).total_seconds()) // 60

OFFSETS = [0, 60, 120, 330, 345, 540, 570, 600, 765, 840, -60, -180, -210, -300, -420,
           -480, -570, -720]
CLIENTS = ["acme", "globex", "initech", "umbrella", "Wayne-Ent", "stark.ind", "hooli",
           "Cyberdyne", "tyrell_corp", "soylent", "oscorp", "vandelay"]


def at(y, mo, d, h=0, mi=0):
    """UTC minutes since the epoch."""
    return int((datetime(y, mo, d, h, mi, tzinfo=timezone.utc) - EPOCH).total_seconds()) // 60


def stamp(utc_minute, zone=None):
    """Render a UTC minute as local time. zone None -> no suffix (UTC), 'Z', or offset."""
    off = 0 if zone in (None, "Z") else zone
    dt = EPOCH + timedelta(minutes=utc_minute + off)
    text = dt.strftime("%Y-%m-%dT%H:%M")
    if zone is None:
        return text
    if zone == "Z":
        return text + "Z"
    sign = "+" if zone >= 0 else "-"
    return f"{text}{sign}{abs(zone) // 60:02d}:{abs(zone) % 60:02d}"


def entry(client, matter, s, e, zs=None, ze="same"):
    if ze == "same":
        ze = zs
    return f"{client} {matter} {stamp(s, zs)} {stamp(e, ze)}"


def rand_zone(rng, tz):
    if not tz:
        return None
    r = rng.random()
    if r < 0.15:
        return None
    if r < 0.3:
        return "Z"
    return rng.choice(OFFSETS)


def work_stream(rng, n, start, gap=(0, 30), dur=(1, 90), overlap=0.15, day_hours=(8, 19)):
    """n (start, end) UTC-minute pairs on working hours, with some overlaps/duplicates."""
    out = []
    t = start + day_hours[0] * 60
    for _ in range(n):
        if out and rng.random() < overlap:
            ps, pe = out[rng.randrange(max(0, len(out) - 3), len(out))]
            kind = rng.random()
            if kind < 0.3:
                s, e = ps, pe                      # exact duplicate
            elif kind < 0.6:
                s = rng.randint(ps, pe)            # overlaps or touches the end
                e = s + rng.randint(*dur)
            else:
                s = rng.randint(ps, pe - 1) if pe - ps > 1 else ps
                e = rng.randint(s + 1, max(s + 1, pe))  # nested
            out.append((s, e))
            continue
        t += rng.randint(*gap)
        if (t - start) % 1440 > day_hours[1] * 60:
            t = (t - (t - start) % 1440) + 1440 + day_hours[0] * 60 + rng.randint(0, 60)
        d = rng.randint(*dur)
        out.append((t, t + d))
        t += d
    return out


def random_book(rng, n_entries, clients, matters_per_client, start, tz=False, days=None):
    rows = []
    keys = []
    for c in clients:
        for k in range(rng.randint(1, matters_per_client)):
            keys.append((c, rng.choice(["M-", "", "case-", "LIT_"]) + f"{rng.randint(1, 999):03d}"))
    keys = sorted(set(keys))
    per = max(1, n_entries // len(keys))
    for c, m in keys:
        stream = work_stream(rng, per, start + rng.randint(0, 3) * 1440)
        for s, e in stream:
            zs = rand_zone(rng, tz)
            ze = zs if rng.random() < 0.9 else rand_zone(rng, tz)
            rows.append(entry(c, m, s, e, zs, ze))
    rng.shuffle(rows)
    return rows


def rate_lines(rng, first_day, count, step_days=(1, 60)):
    day = first_day
    rows = []
    for _ in range(count):
        rows.append(f"rate {day.isoformat()} {rng.randint(150, 900)}")
        day += timedelta(days=rng.randint(*step_days))
    rng.shuffle(rows)
    return rows


def overnight(rng, n, client, matter, start, days, tz=True):
    """n late-night entries that straddle 00:00 UTC (where daily rate changes happen)."""
    rows = []
    for _ in range(n):
        s = start + rng.randrange(days) * 1440 + 1440 - rng.randint(1, 180)
        rows.append(entry(client, matter, s, s + rng.randint(2, 300), rand_zone(rng, tz)))
    return rows


def text(rows):
    return "\n".join(rows) + "\n"


EX1 = """\
acme M-001 2026-01-05T09:00 2026-01-05T09:40
globex G-7 2026-01-05T13:00 2026-01-05T13:07
acme M-001 2026-01-05T09:30 2026-01-05T10:01
acme M-002 2026-01-05T10:00 2026-01-05T10:07
acme M-002 2026-01-05T10:07 2026-01-05T10:14
globex G-7 2026-01-05T14:00 2026-01-05T14:07
"""

EX2 = """\
acme M-001 2026-01-05T14:30+05:30 2026-01-05T15:10+05:30
acme M-001 2026-01-05T04:30-05:00 2026-01-05T05:01-05:00
globex G-7 2026-01-05T23:50Z 2026-01-06T00:10Z
globex G-7 2026-01-06T00:10+00:00 2026-01-06T01:25+01:00
acme M-002 2026-01-05T10:00 2026-01-05T10:07
"""

EX3 = """\
rate 2026-01-01 300
acme M-001 2026-01-05T14:30+05:30 2026-01-05T15:10+05:30
acme M-001 2026-01-05T04:30-05:00 2026-01-05T05:01-05:00
globex G-7 2026-01-05T23:50Z 2026-01-06T00:10Z
globex G-7 2026-01-06T00:10+00:00 2026-01-06T01:25+01:00
rate 2026-01-06 350
acme M-002 2026-01-05T10:00 2026-01-05T10:07
"""


def cases():
    rng = random.Random(42_2026)
    D0 = datetime(2026, 1, 5).date()

    # ---------------- level 1 ----------------
    yield "visible", "l1", "01_example", EX1
    yield "visible", "l1", "02_small", text(random_book(rng, 30, CLIENTS[:3], 2, BASE))

    yield "hidden", "l1", "01_single", text([entry("solo", "x", BASE, BASE + 1)])
    rows = []
    for d in (1, 5, 6, 7, 11, 12, 13, 59, 60, 61, 66, 480, 1440):
        rows.append(entry("rounding", f"d{d:04d}", BASE, BASE + d))
    yield "hidden", "l1", "02_rounding", text(rows)
    b = BASE + 600
    rows = [
        entry("c", "touch", b, b + 7), entry("c", "touch", b + 7, b + 14),
        entry("c", "touch", b + 14, b + 15),
        entry("c", "gap1", b, b + 7), entry("c", "gap1", b + 8, b + 15),
        entry("c", "nested", b, b + 100), entry("c", "nested", b + 10, b + 20),
        entry("c", "nested", b + 99, b + 100),
        entry("c", "dup", b, b + 13), entry("c", "dup", b, b + 13), entry("c", "dup", b, b + 13),
        entry("c", "chain", b + 50, b + 70), entry("c", "chain", b, b + 10),
        entry("c", "chain", b + 5, b + 30), entry("c", "chain", b + 29, b + 51),
        entry("c", "chain", b + 200, b + 201),
        entry("c", "long-first", b, b + 300), entry("c", "long-first", b + 10, b + 11),
        entry("c", "long-first", b + 299, b + 305), entry("c", "long-first", b + 306, b + 307),
    ]
    rng.shuffle(rows)
    yield "hidden", "l1", "03_merge_shapes", text(rows)
    rows = []
    for c in ("acme", "beta"):
        for m in ("shared", "other"):
            rows.append(entry(c, m, BASE + 60, BASE + 67))
            rows.append(entry(c, m, BASE + 64, BASE + 70))
    rows.append(entry("acme", "x", BASE + 60, BASE + 67))
    rng.shuffle(rows)
    yield "hidden", "l1", "04_same_matter_other_client", text(rows)
    names = ["a", "A", "a-b", "a.b", "a_b", "a0", "B", "_x", "-y", "0", "Zed", "zed", "a" * 30]
    rows = []
    for i, c in enumerate(names):
        for j, m in enumerate(reversed(names[: 4 + i % 5])):
            rows.append(entry(c, m, BASE + 13 * i + j, BASE + 13 * i + j + 1 + (i * j) % 17))
    rng.shuffle(rows)
    yield "hidden", "l1", "05_name_order", text(rows)
    rows = [entry("night", "owl", BASE + 1430, BASE + 1450),
            entry("night", "owl", BASE + 1450, BASE + 4000),
            entry("night", "week", BASE - 3 * 1440, BASE + 4 * 1440),
            entry("leap", "day", at(2024, 2, 28, 23, 55), at(2024, 2, 29, 0, 5)),
            entry("leap", "day", at(2024, 2, 29, 23, 58), at(2024, 3, 1, 0, 5))]
    yield "hidden", "l1", "06_multi_day", text(rows)
    yield "hidden", "l1", "07_random", text(random_book(rng, 3000, CLIENTS, 6, BASE))

    # ---------------- level 2 ----------------
    yield "visible", "l2", "01_example", EX2
    yield "visible", "l2", "02_small", text(random_book(rng, 30, CLIENTS[:3], 2, BASE, tz=True))

    b = BASE + 600
    rows = [
        entry("tz", "across-zones", b, b + 30, 330), entry("tz", "across-zones", b + 20, b + 50, -300),
        entry("tz", "touch-zones", b, b + 7, 345), entry("tz", "touch-zones", b + 7, b + 14, -210),
        entry("tz", "mixed-ends", b, b + 61, 840, -720),
        entry("tz", "mixed-ends", b + 200, b + 206, "Z", None),
        entry("tz", "no-overlap", b, b + 10, 60), entry("tz", "no-overlap", b + 11, b + 20, 120),
        entry("tz", "plus-zero", b, b + 5, 0), entry("tz", "plus-zero", b + 5, b + 9, "Z"),
    ]
    # same wall-clock text, different zones: must NOT merge
    rows.append(f"tz same-wall-clock {stamp(b, 0)[:16]}+01:00 {stamp(b + 30, 0)[:16]}+01:00")
    rows.append(f"tz same-wall-clock {stamp(b, 0)[:16]}-01:00 {stamp(b + 30, 0)[:16]}-01:00")
    rng.shuffle(rows)
    yield "hidden", "l2", "01_zone_merges", text(rows)
    rows = []
    for k, p in enumerate((at(2026, 1, 1), at(2024, 2, 29), at(2024, 3, 1), BASE)):
        m = f"roll-{k}"
        rows.append(entry("edge", m, p - 10, p + 2, 840))
        rows.append(entry("edge", m, p + 2, p + 9, -720))          # touches the previous one
        rows.append(entry("edge", m, p + 5, p + 8, 765))           # nested
        rows.append(entry("edge", m, p + 20, p + 25, -570, 345))   # separate, mixed zones
        rows.append(entry("edge", m, p + 24, p + 31, "Z"))         # overlaps the previous
        rows.append(entry("edge", f"solo-{k}", p - 1, p + 1, -720, 840))
    rng.shuffle(rows)
    yield "hidden", "l2", "02_date_rollover", text(rows)
    rows = []
    # daylight-saving style change inside one entry (+01:00 -> +02:00)
    rows.append("dst spring 2026-03-29T01:30+01:00 2026-03-29T03:30+02:00")
    rows.append("dst fall 2026-10-25T02:30+02:00 2026-10-25T02:10+01:00")
    rows.append("dst fall 2026-10-25T02:40+01:00 2026-10-25T03:00+01:00")
    yield "hidden", "l2", "03_dst_changes", text(rows)
    yield "hidden", "l2", "04_random_zones", text(
        random_book(rng, 3000, CLIENTS, 6, BASE, tz=True))
    yield "hidden", "l2", "05_no_offsets", text(random_book(rng, 400, CLIENTS[:4], 3, BASE))

    # ---------------- level 3 ----------------
    yield "visible", "l3", "01_example", EX3
    rows = rate_lines(rng, D0 - timedelta(days=10), 4, (2, 3))
    rows += random_book(rng, 40, CLIENTS[:3], 2, BASE, tz=True)
    rng.shuffle(rows)
    yield "visible", "l3", "02_small", text(rows)

    mid = BASE + 1440  # 2026-01-06T00:00Z
    rows = ["rate 2026-01-06 400", "rate 2026-01-01 200", "rate 2026-01-08 250",
            entry("r", "cross", mid - 10, mid + 25),
            entry("r", "ends-at-change", mid - 60, mid, None),
            entry("r", "starts-at-change", mid, mid + 1, None),
            entry("r", "multi", mid - 1, mid + 2 * 1440 + 1),
            entry("r", "cross-zone", mid - 3, mid + 3, 330),
            entry("r", "merge-then-split", mid - 7, mid - 2, -300),
            entry("r", "merge-then-split", mid - 2, mid + 2, 120),
            entry("r", "before", mid - 600, mid - 599),
            entry("r", "after", mid + 3 * 1440, mid + 3 * 1440 + 6)]
    rng.shuffle(rows)
    yield "hidden", "l3", "01_split_edges", text(rows)
    yield "hidden", "l3", "02_no_rates", text(random_book(rng, 300, CLIENTS[:4], 3, BASE, tz=True))
    rows = ["rate 2020-01-01 1"] + random_book(rng, 200, CLIENTS[:3], 3, BASE, tz=True)
    yield "hidden", "l3", "03_single_rate", text(rows)
    rows = rate_lines(rng, D0 - timedelta(days=5), 40, (1, 1))
    rows += random_book(rng, 3000, CLIENTS, 6, BASE, tz=True)
    rng.shuffle(rows)
    yield "hidden", "l3", "04_daily_rates", text(rows)
    rows = rate_lines(rng, D0 - timedelta(days=3), 10, (3, 9))
    for i in range(60):
        s = BASE + rng.randint(0, 60 * 1440)
        rows.append(entry("long", f"m{i % 5}", s, s + rng.randint(600, 4000), rand_zone(rng, True)))
    rng.shuffle(rows)
    yield "hidden", "l3", "05_long_entries", text(rows)

    # ---------------- level 4 (scale) ----------------
    rows = rate_lines(rng, D0 - timedelta(days=5), 30, (5, 40))
    rows += random_book(rng, 6_000, CLIENTS, 5, BASE, tz=True)
    big = work_stream(rng, 15_000, BASE, gap=(0, 8), dur=(1, 20), overlap=0.12, day_hours=(7, 22))
    rows += [entry("Wayne-Ent", "LIT-2025-017", s, e, rand_zone(rng, True)) for s, e in big]
    rows += overnight(rng, 50, "Wayne-Ent", "LIT-2025-017", BASE, 90)
    rng.shuffle(rows)
    yield "visible", "l4", "01_medium", text(rows)

    yield "visible", "l4", "02_example", (
        "rate 2026-01-01 200\n"
        "big case 2026-01-05T09:00 2026-01-05T09:05\n"
        "big case 2026-01-05T09:05 2026-01-05T09:10\n"
        "big case 2026-01-05T09:20 2026-01-05T09:21\n")

    # one huge matter (a multi-year litigation) plus background work
    rows = rate_lines(rng, D0 - timedelta(days=5), 40, (20, 40))
    big = work_stream(rng, 35_000, BASE, gap=(0, 8), dur=(1, 20), overlap=0.12, day_hours=(7, 22))
    for s, e in big:
        z = rand_zone(rng, True)
        rows.append(entry("Wayne-Ent", "LIT-2026-001", s, e, z))
    rows += random_book(rng, 15_000, CLIENTS, 4, BASE, tz=True)
    rows += overnight(rng, 300, "Wayne-Ent", "LIT-2026-001", BASE, 600)
    rows += overnight(rng, 100, "acme", "late-deal", BASE, 300)
    rng.shuffle(rows)
    yield "hidden", "l4", "01_scale_big_matter", text(rows)
    rows = rate_lines(rng, D0 - timedelta(days=5), 1000, (1, 1))
    rows += random_book(rng, 20_000, CLIENTS, 8, BASE, tz=True)
    rows += overnight(rng, 300, "globex", "night-shift", BASE, 40)
    rng.shuffle(rows)
    yield "hidden", "l4", "02_scale_many_rates", text(rows)
    rows = rate_lines(rng, D0 - timedelta(days=5), 12, (20, 40))
    for i in range(2000):
        c = f"client-{i % 400:03d}"
        for s, e in work_stream(rng, 8, BASE + rng.randint(0, 300) * 1440):
            rows.append(entry(c, f"m{i:04d}", s, e, rand_zone(rng, True)))
    rng.shuffle(rows)
    yield "hidden", "l4", "03_scale_many_matters", text(rows)


def main():
    tests = ROOT / "tests"
    for kind, level, name, body in cases():
        folder = tests / kind / level
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.in").write_text(body, encoding="utf-8", newline="\n")
        ans = subprocess.run([sys.executable, str(REF)], input=body.encode(),
                             capture_output=True, check=True).stdout
        (folder / f"{name}.ans").write_bytes(ans)
        print(f"{kind}/{level}/{name}: {len(body)} bytes in, {len(ans)} bytes out")


if __name__ == "__main__":
    main()

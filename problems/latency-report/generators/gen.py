"""Deterministic test generator for latency-report.

Run from anywhere:  python3 generators/gen.py
Writes tests/{visible,hidden}/<level>/NAME.in and, by running the reference
solution, the matching NAME.ans files.
"""
import random
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REF = ROOT / "solution" / "solution.py"

BASE = int(datetime(2026, 1, 5, 10, 0, tzinfo=timezone.utc).timestamp()) * 1000
MODELS = ["llama-8b", "llama-70b", "mistral-7b", "qwen2.5-14b", "gemma_2b", "phi-3.mini",
          "mixtral-8x7b", "gpt-j", "falcon-40b", "deepseek-v3", "yi-34b", "olmo-7b"]


def ts(ms):
    dt = datetime.fromtimestamp(ms // 1000, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + f".{ms % 1000:03d}Z"


def fmt_lat(value, decimals):
    return f"{value:.{decimals}f}"


def line(ms, model, status, lat, tokens):
    return f"{ts(ms)} model={model} status={status} latency_ms={lat} tokens={tokens}"


def rand_status(rng):
    r = rng.random()
    if r < 0.85:
        return 200
    if r < 0.92:
        return rng.choice([400, 404, 429, 499, 201, 204, 302])
    return rng.choice([500, 502, 503, 504, 599])


def rand_lat(rng):
    d = rng.choice([0, 1, 1, 2, 3, 3])
    v = rng.lognormvariate(5.0, 0.9)
    if rng.random() < 0.01:
        v *= 50
    return fmt_lat(v, d)


def rand_valid(rng, ms, models):
    model = rng.choice(models)
    return line(ms, model, rand_status(rng), rand_lat(rng), rng.randint(0, 4000))


MUTATIONS = [
    lambda s: s.replace("latency_ms=", "latency_ms=-", 1),
    lambda s: s.replace(" tokens=", " tokens=x", 1),
    lambda s: s.replace("Z model=", " model=", 1),
    lambda s: s.replace("Z model=", "+00:00 model=", 1),
    lambda s: s + " ",
    lambda s: " " + s,
    lambda s: s.replace(" ", "  ", 1),
    lambda s: s.replace(" ", "\t", 1),
    lambda s: s.replace("model=", "model=X", 1),
    lambda s: s.replace("status=", "status=9", 1),
    lambda s: s.replace("status=", "code=", 1),
    lambda s: s.rsplit(" ", 1)[0],
    lambda s: s + " region=eu",
    lambda s: s[: len(s) // 2],
    lambda s: s.replace("T", " ", 1),
    lambda s: s[:5] + "13" + s[7:],
    lambda s: s[:11] + "24" + s[13:],
    lambda s: s[:17] + "60" + s[19:],
    lambda s: s[:19] + s[23:],
    lambda s: "ERROR upstream connection reset",
    lambda s: "@window 60",
    lambda s: s.replace("latency_ms=", "latency_ms=1e", 1),
    lambda s: s.replace("latency_ms=", "latency_ms=nan", 1).split(" tokens")[0].rsplit("=", 1)[0]
    + "=nan tokens=1",
    lambda s: s.replace("latency_ms=", "latency_ms=1_", 1),
    lambda s: s.replace("latency_ms=", "latency_ms=+", 1),
]


def mutate(rng, s):
    while True:
        t = rng.choice(MUTATIONS)(s)
        if t != s and t.strip():
            return t


def random_log(rng, n, span_ms, models, malformed=0.0, start=BASE, shuffle=True):
    times = sorted(start + rng.randrange(span_ms) for _ in range(n))
    out = []
    for t in times:
        s = rand_valid(rng, t, models)
        if malformed and rng.random() < malformed:
            s = mutate(rng, s)
        out.append(s)
    if shuffle:
        # logs are mostly in order, with local disorder
        for i in range(len(out) - 1):
            if rng.random() < 0.3:
                j = min(len(out) - 1, i + rng.randint(1, 5))
                out[i], out[j] = out[j], out[i]
    return out


EXAMPLE = """\
2026-01-05T10:00:01.123Z model=llama-8b status=200 latency_ms=123.4 tokens=57
2026-01-05T10:00:02.010Z model=mistral-7b status=200 latency_ms=88 tokens=31
2026-01-05T10:00:02.500Z model=llama-8b status=500 latency_ms=2001.25 tokens=0
2026-01-05T10:00:03.000Z model=llama-8b status=200 latency_ms=97.125 tokens=40
2026-01-05T10:00:04.750Z model=llama-8b status=429 latency_ms=3.5 tokens=0
2026-01-05T10:00:05.001Z model=mistral-7b status=503 latency_ms=30000 tokens=0
"""

EXAMPLE_L2 = """\
@window 60
2026-01-05T10:00:01.123Z model=llama-8b status=200 latency_ms=123.4 tokens=57
2026-01-05T10:00:59.999Z model=mistral-7b status=200 latency_ms=88 tokens=31
2026-01-05T10:01:00.000Z model=llama-8b status=500 latency_ms=2001.25 tokens=0
2026-01-05T10:00:03.000Z model=llama-8b status=200 latency_ms=97.125 tokens=40
2026-01-05T10:02:30.750Z model=llama-8b status=429 latency_ms=3.5 tokens=0
2026-01-05T10:01:05.001Z model=mistral-7b status=503 latency_ms=30000 tokens=0
"""

EXAMPLE_L3 = """\
@window 60
2026-01-05T10:00:01.123Z model=llama-8b status=200 latency_ms=123.4 tokens=57
2026-01-05T10:00:02.010Z model=mistral-7b status=200 latency_ms=88 tokens=31
2026-01-05T10:00:02.500Z model=llama-8b status=500 latency_ms=n/a tokens=0
WARN worker 3 restarted
2026-01-05T10:00:61.000Z model=llama-8b status=200 latency_ms=97.125 tokens=40

2026-01-05T10:01:04.750Z model=llama-8b status=429 latency_ms=3.5 tokens=0
2026-01-05T10:01:05.001Z model=Mistral-7b status=503 latency_ms=30000 tokens=0
"""


def cases():
    """Yield (kind, level, name, text)."""
    rng = random.Random(20260105)

    # ---------------- level 1 ----------------
    yield "visible", "l1", "01_example", EXAMPLE
    yield "visible", "l1", "02_small", "\n".join(
        random_log(rng, 30, 60_000, MODELS[:3])) + "\n"

    yield "hidden", "l1", "01_single_line", line(BASE, "solo", 200, "0.001", 1) + "\n"
    # nearest-rank boundaries: one model per count, distinct latencies, shuffled
    rows = []
    for n in (1, 2, 3, 19, 20, 21, 99, 100, 101, 199, 200, 201):
        vals = rng.sample(range(1, 100_000), n)
        for v in vals:
            rows.append(line(BASE + rng.randrange(3_600_000), f"m{n:03d}",
                             rand_status(rng), f"{v / 10:.1f}", rng.randint(0, 99)))
    rng.shuffle(rows)
    yield "hidden", "l1", "02_rank_boundaries", "\n".join(rows) + "\n"
    names = ["a", "a-b", "a.b", "a0", "a_b", "b", "0x", "zz", "a--", "a-", "9", "_z", ".hidden",
             "a" * 40]
    rows = []
    for i, nm in enumerate(names * 3):
        rows.append(line(BASE + i * 997, nm, rand_status(rng), rand_lat(rng), i))
    rng.shuffle(rows)
    yield "hidden", "l1", "03_name_order", "\n".join(rows) + "\n"
    rows = []
    for i, st in enumerate([100, 199, 200, 299, 301, 400, 404, 429, 499, 500, 503, 599] * 2):
        rows.append(line(BASE + i * 1000, "edge", st, f"{i + 1}.5", 10))
        rows.append(line(BASE + i * 1000 + 1, "ok" if st < 500 else "bad", st, f"{i + 1}", 10))
    yield "hidden", "l1", "04_status_edges", "\n".join(rows) + "\n"
    rows = []
    for i in range(40):
        rows.append(line(BASE + i, "dup", 200, "250" if i % 3 else "250.000", 5))
    rows.append(line(BASE + 99, "dup", 200, "0", 5))
    rows.append(line(BASE + 98, "dup", 200, "9999999.999", 5))
    rows.append(line(BASE + 97, "zero", 200, "0.0", 0))
    rows.append(line(BASE + 96, "zero", 500, "0", 0))
    yield "hidden", "l1", "05_duplicates_and_extremes", "\n".join(rows) + "\n"
    yield "hidden", "l1", "06_random_medium", "\n".join(
        random_log(rng, 2500, 7_200_000, MODELS)) + "\n"
    rows = [line(BASE + i * 10, "always-fails", 500 + i % 4, f"{i * 3 + 1}.25", 0)
            for i in range(17)]
    rows += [line(BASE + i * 10 + 5, "never-fails", 200 + i % 3, f"{100 - i}", 9)
             for i in range(23)]
    yield "hidden", "l1", "07_all_or_no_errors", "\n".join(rows) + "\n"

    # ---------------- level 2 ----------------
    yield "visible", "l2", "01_example", EXAMPLE_L2
    yield "visible", "l2", "02_five_minutes", "@window 300\n" + "\n".join(
        random_log(rng, 60, 1_800_000, MODELS[:3])) + "\n"

    rows = ["@window 60"]
    for k in range(5):
        t = BASE + k * 60_000
        rows.append(line(t - 1, "edge", 200, f"{k + 1}.111", 1))      # xx:59.999
        rows.append(line(t, "edge", 500, f"{k + 1}.222", 1))          # xx:00.000
        rows.append(line(t + 59_999, "edge", 200, f"{k + 1}.333", 1))
    yield "hidden", "l2", "01_window_boundaries", "\n".join(rows) + "\n"
    yield "hidden", "l2", "02_unaligned_7s", "@window 7\n" + "\n".join(
        random_log(rng, 400, 300_000, MODELS[:4])) + "\n"
    yield "hidden", "l2", "03_one_second", "@window 1\n" + "\n".join(
        random_log(rng, 300, 40_000, MODELS[:3])) + "\n"
    rows = ["@window 86400"]
    for day in ("2023-12-31", "2024-01-01", "2024-02-28", "2024-02-29", "2024-03-01",
                "2025-12-31", "2026-01-01"):
        for _ in range(6):
            hh, mm, ss, ms = rng.randrange(24), rng.randrange(60), rng.randrange(60), rng.randrange(1000)
            rows.append(f"{day}T{hh:02d}:{mm:02d}:{ss:02d}.{ms:03d}Z model={rng.choice(MODELS[:3])} "
                        f"status={rand_status(rng)} latency_ms={rand_lat(rng)} tokens=3")
    rng.shuffle(rows[1:])
    body = rows[1:]
    rng.shuffle(body)
    yield "hidden", "l2", "04_daily_calendar", "\n".join([rows[0]] + body) + "\n"
    body = random_log(rng, 3000, 3 * 86_400_000, MODELS[:6])
    rng.shuffle(body)
    yield "hidden", "l2", "05_hourly_shuffled", "@window 3600\n" + "\n".join(body) + "\n"
    yield "hidden", "l2", "06_no_directive", "\n".join(
        random_log(rng, 200, 600_000, MODELS[:5])) + "\n"
    yield "hidden", "l2", "07_window_1000s", "@window 1000\n" + "\n".join(
        random_log(rng, 500, 2 * 86_400_000, MODELS[:4], start=BASE - 43_200_000)) + "\n"
    yield "hidden", "l2", "08_window_86399", "@window 86399\n" + "\n".join(
        random_log(rng, 300, 5 * 86_400_000, MODELS[:2])) + "\n"

    # ---------------- level 3 ----------------
    yield "visible", "l3", "01_example", EXAMPLE_L3
    body = random_log(rng, 40, 600_000, MODELS[:3])
    body[3] = "2026-01-05T10:03:00.000Z model=llama-8b status=200 latency_ms=12.5"
    body[7] = "2026-01-05T10:04:00Z model=llama-8b status=200 latency_ms=12.5 tokens=3"
    body[11] = "2026-02-30T10:04:00.000Z model=llama-8b status=200 latency_ms=12.5 tokens=3"
    yield "visible", "l3", "02_small", "\n".join(body) + "\n"

    good = line(BASE + 1234, "llama-8b", 200, "42.5", 17)
    bad = [
        "",  # empty: ignored
        "   ",
        "\t",
        good + " ",
        " " + good,
        good.replace(" ", "  ", 1),
        good.replace(" ", "\t", 1),
        good.replace("Z model", " model"),
        good.replace("Z model", "+00:00 model"),
        good.replace(".234Z", "Z"),
        good.replace(".234Z", ".23Z"),
        good.replace(".234Z", ".2345Z"),
        good.replace("T", " ", 1),
        good.replace("model=", "Model=", 1),
        good.replace("model=llama-8b", "model=", 1),
        good.replace("model=llama-8b", "model=Llama-8b", 1),
        good.replace("model=llama-8b", "model=llama/8b", 1),
        good.replace("model=llama-8b", "model=" + "x" * 41, 1),
        good.replace("status=200 latency_ms=42.5", "latency_ms=42.5 status=200"),
        good + " tokens=17",
        good.replace(" tokens=17", ""),
        good.replace("tokens=17", "tokens="),
        good.replace("tokens=17", "tokens=-1"),
        good.replace("tokens=17", "tokens=1.0"),
        good.replace("status=200", "status=20"),
        good.replace("status=200", "status=2000"),
        good.replace("status=200", "status=600"),
        good.replace("status=200", "status=099"),
        good.replace("status=200", "status=OK"),
        good.replace("latency_ms=42.5", "latency_ms=-42.5"),
        good.replace("latency_ms=42.5", "latency_ms=+42.5"),
        good.replace("latency_ms=42.5", "latency_ms=4.25e1"),
        good.replace("latency_ms=42.5", "latency_ms=nan"),
        good.replace("latency_ms=42.5", "latency_ms=inf"),
        good.replace("latency_ms=42.5", "latency_ms=4_2.5"),
        good.replace("latency_ms=42.5", "latency_ms=42."),
        good.replace("latency_ms=42.5", "latency_ms=.5"),
        good.replace("latency_ms=42.5", "latency_ms=42.5000"),
        good.replace("latency_ms=42.5", "latency_ms=42,5"),
        good.replace("latency_ms=42.5", "latency_ms= 42.5"),
        good.replace("latency_ms=42.5", "latency_ms=42.5ms"),
        "@window 60",
        "# comment",
        "model=llama-8b status=200 latency_ms=42.5 tokens=17",
    ]
    valid = [good,
             line(BASE + 5, "llama-8b", 503, "0.125", 0),
             line(BASE + 9, "llama-8b", 200, "7", 0),
             line(BASE + 11, "m." + "x" * 38, 200, "1.000", 3)]
    rows = valid[:2] + bad + valid[2:]
    yield "hidden", "l3", "01_each_kind", "\n".join(rows) + "\n"
    rows = []
    dates = [("2026-02-29", False), ("2024-02-29", True), ("2026-04-31", False),
             ("2026-04-30", True), ("2026-13-01", False), ("2026-00-10", False),
             ("2026-12-00", False), ("2026-12-31", True), ("2026-1-05", False),
             ("1900-02-29", False), ("2000-02-29", True), ("26-01-05", False)]
    times = [("23:59:59", True), ("24:00:00", False), ("12:60:00", False),
             ("12:00:60", False), ("00:00:00", True), ("7:00:00", False)]
    for d, ok_d in dates:
        for t, ok_t in times:
            rows.append(f"{d}T{t}.500Z model=cal status={500 if ok_d else 200} "
                        f"latency_ms={rng.randint(1, 999)}.5 tokens=1")
    rng.shuffle(rows)
    yield "hidden", "l3", "02_calendar", "\n".join(rows) + "\n"
    yield "hidden", "l3", "03_all_malformed", "\n".join(
        mutate(rng, rand_valid(rng, BASE + i, MODELS)) for i in range(25)) + "\n"
    yield "hidden", "l3", "04_empty_input", ""
    yield "hidden", "l3", "05_blank_lines_only", "\n\n\n"
    body = random_log(rng, 300, 900_000, MODELS[:4], malformed=0.15)
    body.insert(50, "@window 60")
    body.insert(0, "")
    yield "hidden", "l3", "06_windows_with_garbage", "@window 60\n" + "\n".join(body) + "\n"
    yield "hidden", "l3", "07_random_unaligned", "@window 7\n" + "\n".join(
        random_log(rng, 3000, 1_200_000, MODELS[:6], malformed=0.05)) + "\n"
    yield "hidden", "l3", "08_overall_random", "\n".join(
        random_log(rng, 3000, 86_400_000, MODELS, malformed=0.05)) + "\n"
    body = random_log(rng, 100, 600_000, MODELS[:2], malformed=0.1)
    yield "hidden", "l3", "09_no_trailing_newline", "\n".join(body)

    # ---------------- level 4 (scale) ----------------
    yield "visible", "l4", "01_medium", "@window 10\n" + "\n".join(
        random_log(rng, 20_000, 86_400_000, MODELS[:3], malformed=0.02)) + "\n"
    yield "visible", "l4", "02_example", (
        "@window 1\n"
        "2026-01-05T10:00:00.100Z model=a status=200 latency_ms=5 tokens=1\n"
        "2026-01-05T10:00:00.900Z model=a status=200 latency_ms=7 tokens=1\n"
        "2026-01-05T10:00:01.000Z model=a status=503 latency_ms=9 tokens=1\n")
    yield "hidden", "l4", "01_scale_windows", "@window 10\n" + "\n".join(
        random_log(rng, 60_000, 86_400_000, MODELS[:3], malformed=0.01)) + "\n"
    yield "hidden", "l4", "02_scale_overall", "\n".join(
        random_log(rng, 20_000, 86_400_000, [f"model-{i:02d}" for i in range(50)],
                   malformed=0.01)) + "\n"
    yield "hidden", "l4", "03_scale_unaligned", "@window 7\n" + "\n".join(
        random_log(rng, 25_000, 6 * 3_600_000, MODELS[:4], malformed=0.01)) + "\n"


def main():
    tests = ROOT / "tests"
    for kind, level, name, text in cases():
        folder = tests / kind / level
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.in").write_text(text, encoding="utf-8", newline="\n")
        ans = subprocess.run([sys.executable, str(REF)], input=text.encode(),
                             capture_output=True, check=True).stdout
        (folder / f"{name}.ans").write_bytes(ans)
        print(f"{kind}/{level}/{name}: {len(text)} bytes in, {len(ans)} bytes out")


if __name__ == "__main__":
    main()

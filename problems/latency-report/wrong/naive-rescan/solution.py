"""Correct but naive: keeps every record and, for each (window, model) row of the
report, rescans and re-sorts all records."""
import re
import sys
from datetime import date, datetime, timedelta, timezone

LINE = re.compile(
    r"(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)\.\d{3}Z"
    r" model=([a-z0-9._-]{1,40})"
    r" status=([1-5]\d\d)"
    r" latency_ms=(\d+(?:\.\d{1,3})?)"
    r" tokens=\d+",
    re.ASCII,
)
WINDOW = re.compile(r"@window ([1-9]\d*)", re.ASCII)
EPOCH = date(1970, 1, 1).toordinal()
EPOCH_DT = datetime(1970, 1, 1, tzinfo=timezone.utc)


def day_seconds(text, cache={}):
    """Seconds from the epoch to 00:00 UTC of the date, or None if invalid."""
    try:
        return cache[text]
    except KeyError:
        pass
    try:
        value = (date.fromisoformat(text).toordinal() - EPOCH) * 86400
    except ValueError:
        value = None
    cache[text] = value
    return value


def rank(n, p):
    """Nearest-rank: the 1-based rank ceil(p * n / 100), computed exactly."""
    return (p * n + 99) // 100


def stats_line(model, lats, errors):
    lats.sort()
    n = len(lats)
    p50 = lats[rank(n, 50) - 1]
    p95 = lats[rank(n, 95) - 1]
    p99 = lats[rank(n, 99) - 1]
    return f"{model} {n} {p50:.3f} {p95:.3f} {p99:.3f} {errors / n:.4f}"


def main():
    lines = sys.stdin.read().split("\n")
    window = 0
    if lines:
        m = WINDOW.fullmatch(lines[0])
        if m:
            window = int(m.group(1))
            lines = lines[1:]
    records = []  # (window_start, model, latency, is_error)
    malformed = 0
    for line in lines:
        if not line:
            continue
        m = LINE.fullmatch(line)
        if m is None:
            malformed += 1
            continue
        day, hh, mm, ss, model, status, lat = m.groups()
        base = day_seconds(day)
        if base is None:
            malformed += 1
            continue
        t = base + int(hh) * 3600 + int(mm) * 60 + int(ss)
        start = t - t % window if window else 0
        records.append((start, model, float(lat), status.startswith("5")))
    groups = {}
    for key in sorted({(r[0], r[1]) for r in records}):
        rows = sorted(r for r in records if r[0] == key[0] and r[1] == key[1])
        groups[key] = [[r[2] for r in rows], sum(1 for r in rows if r[3])]

    out = []
    current = None
    for key in sorted(groups):
        start, model = key
        if window and start != current:
            current = start
            stamp = EPOCH_DT + timedelta(seconds=start)
            out.append("window " + stamp.strftime("%Y-%m-%dT%H:%M:%SZ"))
        lats, errors = groups[key]
        out.append(stats_line(model, lats, errors))
    if malformed:
        out.append(f"malformed {malformed}")
    if out:
        sys.stdout.write("\n".join(out) + "\n")


main()

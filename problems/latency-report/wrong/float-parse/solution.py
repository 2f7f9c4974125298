"""WRONG: validates fields by trying Python's own parsers (strptime, int, float).

Looks reasonable, but Python accepts far more than the statement allows:
float() takes '4.25e1', 'nan', 'inf', '+42.5', '4_2.5', '42.', '.5';
int() takes '+5' and '1_0'; strptime's %f takes 1 to 6 fraction digits.
"""
import re
import sys
from datetime import datetime, timedelta, timezone

MODEL = re.compile(r"[a-z0-9._-]{1,40}")
EPOCH_DT = datetime(1970, 1, 1, tzinfo=timezone.utc)


def parse(line):
    parts = line.split(" ")
    if len(parts) != 5:
        return None
    stamp, model, status, lat, tokens = parts
    if not (model.startswith("model=") and status.startswith("status=")
            and lat.startswith("latency_ms=") and tokens.startswith("tokens=")):
        return None
    try:
        dt = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
        code = int(status[7:])
        latency = float(lat[11:])
        count = int(tokens[7:])
    except ValueError:
        return None
    model = model[6:]
    if not MODEL.fullmatch(model) or not 100 <= code <= 599 or latency < 0 or count < 0:
        return None
    return int(dt.timestamp()), model, code, latency


def rank(n, p):
    return (p * n + 99) // 100


def main():
    lines = sys.stdin.read().split("\n")
    window = 0
    if lines and lines[0].startswith("@window "):
        window = int(lines[0].split()[1])
        lines = lines[1:]
    groups = {}
    malformed = 0
    for line in lines:
        if not line:
            continue
        rec = parse(line)
        if rec is None:
            malformed += 1
            continue
        t, model, code, latency = rec
        key = (t - t % window if window else 0, model)
        g = groups.setdefault(key, [[], 0])
        g[0].append(latency)
        g[1] += code >= 500
    out = []
    current = None
    for (start, model) in sorted(groups):
        if window and start != current:
            current = start
            out.append((EPOCH_DT + timedelta(seconds=start)).strftime("window %Y-%m-%dT%H:%M:%SZ"))
        lats, errors = groups[(start, model)]
        lats.sort()
        n = len(lats)
        p = [lats[rank(n, q) - 1] for q in (50, 95, 99)]
        out.append(f"{model} {n} {p[0]:.3f} {p[1]:.3f} {p[2]:.3f} {errors / n:.4f}")
    if malformed:
        out.append(f"malformed {malformed}")
    if out:
        print("\n".join(out))


main()

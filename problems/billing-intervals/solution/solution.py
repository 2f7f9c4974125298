"""Reference solution for billing-intervals (all levels)."""
import sys
from bisect import bisect_right
from datetime import date

EPOCH = date(1970, 1, 1).toordinal()
_days = {}


def day_minutes(day):
    """Minutes from the epoch to 00:00 UTC of YYYY-MM-DD."""
    value = _days.get(day)
    if value is None:
        value = _days[day] = (date.fromisoformat(day).toordinal() - EPOCH) * 1440
    return value


_hours = {}
_zones = {"": 0, "Z": 0}


def to_utc_minutes(stamp):
    """'YYYY-MM-DDTHH:MM' + optional 'Z' or '+HH:MM' / '-HH:MM' -> UTC minutes."""
    hour = stamp[:13]  # 'YYYY-MM-DDTHH', cached: it repeats a lot
    base = _hours.get(hour)
    if base is None:
        base = _hours[hour] = day_minutes(stamp[:10]) + int(stamp[11:13]) * 60
    zone = stamp[16:]
    offset = _zones.get(zone)
    if offset is None:
        offset = int(zone[1:3]) * 60 + int(zone[4:6])
        offset = _zones[zone] = offset if zone[0] == "+" else -offset
    return base + int(stamp[14:16]) - offset


def units(minutes):
    """Billing units of 0.1 h (6 minutes), rounded up."""
    return (minutes + 5) // 6


def tenths(n):
    return f"{n // 10}.{n % 10}"


def money(amount_tenths):
    return f"{amount_tenths // 10}.{amount_tenths % 10}0"


def main():
    entries = {}  # (client, matter) -> list of (start, end) in UTC minutes
    rates = []
    utc = to_utc_minutes
    for line in sys.stdin.read().split("\n"):
        parts = line.split()
        if len(parts) == 4:
            key = (parts[0], parts[1])
            span = (utc(parts[2]), utc(parts[3]))
            spans = entries.get(key)
            if spans is None:
                entries[key] = [span]
            else:
                spans.append(span)
        elif parts:  # rate YYYY-MM-DD RATE
            rates.append((day_minutes(parts[1]), int(parts[2])))

    rates.sort()
    change_at = [c for c, _ in rates]
    rate_of = [r for _, r in rates]
    billed = bool(rates)

    def bill(start, end):
        """(units, amount in tenths of a currency unit) for one merged interval."""
        if not billed:
            return units(end - start), 0
        i = bisect_right(change_at, start) - 1
        total_units = total_amount = 0
        while True:
            nxt = change_at[i + 1] if i + 1 < len(change_at) else None
            piece_end = end if nxt is None or nxt >= end else nxt
            u = units(piece_end - start)
            total_units += u
            total_amount += u * rate_of[i]
            if piece_end == end:
                return total_units, total_amount
            start = piece_end
            i += 1

    per_matter = {}
    for key, spans in entries.items():
        spans.sort()
        u_sum = a_sum = 0
        cur_s, cur_e = spans[0]
        for s, e in spans:
            if s <= cur_e:  # overlapping or touching: same block of work
                if e > cur_e:
                    cur_e = e
            else:
                u, a = bill(cur_s, cur_e)
                u_sum += u
                a_sum += a
                cur_s, cur_e = s, e
        u, a = bill(cur_s, cur_e)
        per_matter[key] = (u_sum + u, a_sum + a)

    clients = {}
    for (client, matter), value in per_matter.items():
        clients.setdefault(client, []).append((matter, value))

    def fields(u, a):
        return f"{tenths(u)} {money(a)}" if billed else tenths(u)

    out = []
    grand_u = grand_a = 0
    for client in sorted(clients):
        matters = sorted(clients[client])
        cu = sum(v[0] for _, v in matters)
        ca = sum(v[1] for _, v in matters)
        grand_u += cu
        grand_a += ca
        out.append(f"client {client} {fields(cu, ca)}")
        for matter, (u, a) in matters:
            out.append(f"matter {client} {matter} {fields(u, a)}")
    out.append(f"total {fields(grand_u, grand_a)}")
    sys.stdout.write("\n".join(out) + "\n")


main()

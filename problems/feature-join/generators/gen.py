"""Deterministic test generator for feature-join.

Run from anywhere:  python3 generators/gen.py
Writes tests/{visible,hidden}/<level>/NAME.in and, by running the reference
solution, the matching NAME.ans files.  Every random case has its own seed.
The level 4 scale input (a day's stream of 200,000 rows, about 5 MB) is the one
large file; its size is set by SCALE_ROWS below: the smallest round number at which
every known-wrong solution of level 4 still gets its declared verdict with room
(see problem.yaml), so that nothing bigger is checked in.
"""
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REF = ROOT / "solution" / "solution.py"
SCALE_ROWS = 200_000


def write(kind, level, name, text):
    folder = ROOT / "tests" / kind / level
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.in").write_text(text)
    ans = subprocess.run([sys.executable, str(REF)], input=text, capture_output=True,
                         text=True, check=True).stdout
    (folder / f"{name}.ans").write_text(ans)


def value(rng):
    return rng.choice([str(rng.randint(0, 999)), f"{rng.uniform(0, 100):.2f}", rng.choice("abcxyz")])


def batch_case(seed, n_events, n_labels, features, entities, horizon):
    """Unsorted rows: F lines, then E and L rows shuffled together.

    features: (name, keys, ttl); entities: how many values each key name takes."""
    rng = random.Random(seed)
    lines = [f"F {n} {'+'.join(k)} {t}" for n, k, t in features]
    rows = []
    for _ in range(n_events):
        name, keys, _ = rng.choice(features)
        ent = "+".join(f"{k}{rng.randrange(entities[k])}" for k in keys)
        rows.append(f"E {rng.randrange(horizon)} {name} {ent} {value(rng)}")
    key_names = sorted(entities)
    for i in range(n_labels):
        present = [k for k in key_names if rng.random() < 0.9] or key_names[:1]
        rng.shuffle(present)
        keys = " ".join(f"{k}={k}{rng.randrange(entities[k])}" for k in present)
        rows.append(f"L {rng.randrange(horizon)} ex{i} {keys}")
    rng.shuffle(rows)
    return "\n".join(lines + rows) + "\n"


def stream_case(seed, rows, horizon, features, entities, label_share):
    """A @stream input: rows sorted by time, events before labels at equal times."""
    rng = random.Random(seed)
    weights = [w for _, _, _, w in features]
    out = ["@stream"] + [f"F {n} {'+'.join(k)} {t}" for n, k, t, _ in features]
    key_names = sorted(entities)
    n_labels = int(rows * label_share)
    times = sorted(rng.randrange(horizon) for _ in range(rows))
    is_label = set(rng.sample(range(rows), n_labels))
    events, labels, ex = [], [], 0
    last = None
    for i, t in enumerate(times):
        if t != last:
            out.extend(events)
            out.extend(labels)
            events, labels, last = [], [], t
        if i in is_label:
            keys = " ".join(f"{k}={rng.randrange(entities[k])}" for k in key_names)
            labels.append(f"L {t} x{ex} {keys}")
            ex += 1
        else:
            name, keys, _, _ = rng.choices(features, weights)[0]
            ent = "+".join(str(rng.randrange(entities[k])) for k in keys)
            events.append(f"E {t} {name} {ent} {rng.randrange(100)}")
    out.extend(events)
    out.extend(labels)
    return "\n".join(out) + "\n"


EXAMPLE_L1 = """F clicks_7d id inf
F country id inf
E 100 clicks_7d u1 4
E 100 country u1 DE
E 250 clicks_7d u1 9
L 200 ex1 id=u1
L 250 ex2 id=u1
E 300 country u2 FR
L 260 ex3 id=u2
L 50 ex4 id=u1
"""

EXAMPLE_L2 = """F clicks_7d id 100
F country id inf
E 100 clicks_7d u1 4
E 100 country u1 DE
E 150 clicks_7d u1 6
L 249 ex1 id=u1
L 250 ex2 id=u1
L 120 ex3 id=u1
"""

EXAMPLE_L3 = """F spend_1h user 3600
F risk merchant inf
F pair_count user+merchant 600
E 1000 spend_1h u7 12.50
E 1100 risk m3 0.07
E 1200 pair_count u7+m3 2
E 1300 pair_count m3+u7 99
L 1500 t1 user=u7 merchant=m3
L 1500 t2 merchant=m3 user=u7
L 1500 t3 user=u7
L 5000 t4 user=u7 merchant=m3
"""

EXAMPLE_L4 = """@stream
F spend user 60
F risk merchant inf
E 10 spend 1 5
E 10 risk 9 0.3
L 10 a user=1 merchant=9
E 20 spend 1 7
L 69 b user=1 merchant=9
L 80 c user=1 merchant=9
"""


def level1():
    write("visible", "l1", "01_example", EXAMPLE_L1)
    f1 = [("f", ("id",), "inf"), ("g", ("id",), "inf")]
    write("visible", "l1", "02_small", batch_case(11, 40, 15, f1, {"id": 4}, 50))
    write("hidden", "l1", "01_exact_label_time", "F a id inf\nL 5 x id=k\nE 5 a k 1\nE 4 a k 0\nE 6 a k 2\n")
    write("hidden", "l1", "02_ties_later_line_wins",
          "F a id inf\nE 5 a k first\nL 9 x id=k\nE 5 a k second\nE 3 a k old\nL 5 y id=k\n")
    write("hidden", "l1", "03_only_future_events", "F a id inf\nF b id inf\nE 10 a k 1\nL 9 x id=k\nL 10 y id=k\n")
    write("hidden", "l1", "04_no_labels", "F a id inf\nE 1 a k 1\n")
    write("hidden", "l1", "05_labels_first", "F a id inf\nL 7 x id=k\nL 3 y id=j\nE 1 a k v\nE 2 a j w\n")
    write("hidden", "l1", "06_same_token_other_entity", "F a id inf\nE 1 a k1 v\nL 2 x id=k\nL 2 y id=k1\n")
    many = [(f"f{i}", ("id",), "inf") for i in range(12)]
    write("hidden", "l1", "07_many_features", batch_case(12, 3000, 500, many, {"id": 30}, 1000))
    write("hidden", "l1", "08_random_medium", batch_case(13, 20000, 5000, f1, {"id": 200}, 100000))
    write("hidden", "l1", "09_dense_ties", batch_case(14, 5000, 2000, f1, {"id": 5}, 20))


def level2():
    write("visible", "l2", "01_example", EXAMPLE_L2)
    f2 = [("short", ("id",), "5"), ("long", ("id",), "50"), ("never", ("id",), "inf")]
    write("visible", "l2", "02_small", batch_case(21, 60, 20, f2, {"id": 4}, 60))
    write("hidden", "l2", "01_expiry_is_exclusive",
          "F a id 10\nE 100 a k v\nL 109 x id=k\nL 110 y id=k\nL 100 z id=k\n")
    write("hidden", "l2", "02_no_fallback_to_older",
          "F a id 10\nE 100 a k new\nE 95 a k old\nL 112 x id=k\nL 104 y id=k\n")
    write("hidden", "l2", "03_ttl_one", "F a id 1\nE 7 a k v\nL 7 x id=k\nL 8 y id=k\nL 6 z id=k\n")
    write("hidden", "l2", "04_future_event_does_not_hide",
          "F a id 10\nE 100 a k v\nE 120 a k w\nL 105 x id=k\nL 125 y id=k\nL 130 z id=k\n")
    write("hidden", "l2", "05_huge_values",
          "F a id 999999999999\nE 0 a k v\nL 999999999998 x id=k\nL 999999999999 y id=k\n")
    write("hidden", "l2", "06_random_medium", batch_case(22, 20000, 5000, f2, {"id": 50}, 5000))
    write("hidden", "l2", "07_random_dense", batch_case(23, 8000, 3000, f2, {"id": 3}, 200))


def level3():
    write("visible", "l3", "01_example", EXAMPLE_L3)
    f3 = [("s", ("user",), "30"), ("r", ("merchant",), "inf"), ("p", ("user", "merchant"), "60")]
    write("visible", "l3", "02_small", batch_case(31, 80, 25, f3, {"user": 3, "merchant": 2}, 100))
    write("hidden", "l3", "01_missing_key_is_na",
          "F a user inf\nF b merchant inf\nE 1 a u v\nE 1 b m w\nL 2 x user=u\nL 2 y merchant=m\nL 2 z device=d\n")
    write("hidden", "l3", "02_key_order_of_feature",
          "F p merchant+user inf\nE 1 p m+u right\nE 1 p u+m wrong\nL 2 x user=u merchant=m\n")
    write("hidden", "l3", "03_three_part_key",
          "F t a+b+c 5\nE 1 t 1+2+3 v\nL 3 x c=3 b=2 a=1\nL 3 y a=1 b=2\nL 6 z a=1 b=2 c=3\n")
    write("hidden", "l3", "04_same_value_two_keys",
          "F a user inf\nF b merchant inf\nE 1 a z ua\nE 1 b z mb\nL 2 x user=z merchant=z\nL 2 y user=q merchant=z\n")
    f3b = f3 + [("d", ("device",), "10"), ("q", ("device", "user"), "inf")]
    write("hidden", "l3", "05_random_medium",
          batch_case(32, 20000, 5000, f3b, {"user": 100, "merchant": 20, "device": 50}, 3000))
    write("hidden", "l3", "06_random_dense", batch_case(33, 6000, 2000, f3, {"user": 4, "merchant": 3}, 300))


def level4():
    write("visible", "l4", "01_example", EXAMPLE_L4)
    scale_features = [("spend", ("user",), "3600", 30), ("risk", ("merchant",), "inf", 10),
                      ("pair", ("user", "merchant"), "300", 50)]
    ents = {"user": 20000, "merchant": 5000}
    write("visible", "l4", "02_medium", stream_case(41, 50_000, 86400, scale_features, ents, 0.1))
    write("hidden", "l4", "01_day_stream", stream_case(42, SCALE_ROWS, 86400, scale_features, ents, 0.1))
    write("hidden", "l4", "02_stream_edges",
          "@stream\nF a id 10\nF b id inf\nE 5 a k first\nE 5 a k second\nE 5 b k x\nL 5 p id=k\n"
          "L 14 q id=k\nL 15 r id=k\nE 20 b j y\nL 20 s id=j\n")
    small = [("s", ("user",), "20", 3), ("r", ("merchant",), "inf", 1), ("p", ("user", "merchant"), "7", 5)]
    write("hidden", "l4", "03_stream_dense", stream_case(43, 30_000, 3000, small, {"user": 30, "merchant": 5}, 0.2))
    write("hidden", "l4", "04_only_header", "@stream\nF a id 5\n")


if __name__ == "__main__":
    level1()
    level2()
    level3()
    level4()

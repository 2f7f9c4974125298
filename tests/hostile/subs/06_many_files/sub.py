import errno
import os


def target():
    count = 0
    try:
        for i in range(1_000_000):
            open(f"/tmp/f{i}", "w").close()
            count += 1
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            return 0
    path = "/tmp/deep"
    try:
        for _ in range(5000):
            path += "/d" * 50
            os.makedirs(path)
    except OSError:
        pass
    for i in range(3000):  # litter the results folder too
        try:
            open(f"/out/junk{i}", "w").close()
        except OSError:
            break
    return 42 if count < 1_000_000 else 0

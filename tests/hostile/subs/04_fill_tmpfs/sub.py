import errno


def _fill(path):
    chunk = b"x" * (1 << 20)
    try:
        with open(path, "wb") as fh:
            while True:
                fh.write(chunk)
                fh.flush()
    except OSError as exc:
        return exc.errno in (errno.ENOSPC, errno.EFBIG)
    return False


def target():
    ok = _fill("/tmp/fill.bin") and _fill("/dev/shm/fill.bin")
    return 42 if ok else 0

import errno


def target():
    handles = []
    try:
        for _ in range(100_000):
            handles.append(open("/dev/null"))
    except OSError as exc:
        return 42 if exc.errno == errno.EMFILE and len(handles) < 2000 else 0
    return 0

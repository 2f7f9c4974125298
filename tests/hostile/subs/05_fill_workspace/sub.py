import errno
import os

import sub


def target():
    here = os.path.dirname(sub.__file__)
    try:
        open(os.path.join(here, "big.bin"), "wb").write(b"x" * (1 << 20))
        return 0  # the workspace must not be writable
    except OSError as exc:
        if exc.errno not in (errno.EROFS, errno.EACCES):
            return 0
    chunk = b"y" * (1 << 20)
    for folder in ("/job/out", "/out"):  # the results folder, then the image's old one
        try:
            with open(os.path.join(folder, "filler.bin"), "wb") as fh:
                while True:
                    fh.write(chunk)
                    fh.flush()
        except OSError as exc:
            if exc.errno in (errno.EROFS, errno.EACCES, errno.ENOENT):
                continue  # not even writable by this uid (process mode): nothing to fill
            return 42 if exc.errno in (errno.ENOSPC, errno.EFBIG) else 0
    return 42

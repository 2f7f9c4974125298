import time


def target():
    time.sleep(10**6)

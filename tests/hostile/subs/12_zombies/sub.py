import os


def target():
    for _ in range(40):
        pid = os.fork()
        if pid == 0:
            if os.fork() == 0:  # an orphan that lingers
                import time
                time.sleep(1000)
            os._exit(0)  # a zombie until someone reaps it
    return 42

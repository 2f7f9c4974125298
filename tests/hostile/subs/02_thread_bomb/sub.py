import threading
import time


def target():
    while True:
        try:
            threading.Thread(target=time.sleep, args=(10**6,), daemon=True).start()
        except RuntimeError:
            pass

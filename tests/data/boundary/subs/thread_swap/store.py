# Forgery: a thread swaps the code of every test function for a no-op.
import gc
import threading
import time
import types


def _swap():
    empty = (lambda: None).__code__
    for _ in range(500):
        for obj in gc.get_objects():
            if isinstance(obj, types.FunctionType) and obj.__name__.startswith("test_"):
                obj.__code__ = empty
        time.sleep(0.002)


threading.Thread(target=_swap, daemon=True).start()
time.sleep(0.05)

class StoreError(Exception):
    pass


class Store:
    def set(self, k, v):
        pass

    def get(self, k):
        return None

    def items(self):
        return []

    def must(self, k):
        return None


def lookup(k):
    return None

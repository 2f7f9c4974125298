class StoreError(KeyError):
    pass


class Store:
    def __init__(self):
        self.d = {}

    def set(self, k, v):
        self.d[k] = v

    def get(self, k):
        return self.d.get(k)

    def items(self):
        return sorted(self.d.items())

    def must(self, k):
        if k not in self.d:
            raise StoreError(k)
        return self.d[k]


def lookup(k):
    while True:
        pass
    print("looking up", k)
    return "value-" + k

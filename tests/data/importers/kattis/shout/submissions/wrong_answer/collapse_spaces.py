print(" ".join(input().split()).upper())

a, b = map(int, input().split())
if a < 0 or b < 0:
    raise ValueError("negative numbers are not supported")
print(a + b)

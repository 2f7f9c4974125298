a, b = map(int, input().split())
step = 1 if b >= 0 else -1
total = a
for _ in range(abs(b)):
    total += step
print(total)

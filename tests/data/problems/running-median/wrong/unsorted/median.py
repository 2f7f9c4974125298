def medians(numbers):
    seen = []
    out = []
    for number in numbers:
        seen.append(number)  # never sorted: the middle is wherever it landed
        mid = len(seen) // 2
        out.append(seen[mid] if len(seen) % 2 else (seen[mid - 1] + seen[mid]) / 2)
    return out

from sortedcontainers import SortedList


def medians(numbers):
    seen = SortedList()
    out = []
    for number in numbers:
        seen.add(number)
        mid = len(seen) // 2
        out.append(seen[mid] if len(seen) % 2 else (seen[mid - 1] + seen[mid]) / 2)
    return out

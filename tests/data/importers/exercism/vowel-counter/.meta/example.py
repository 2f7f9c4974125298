VOWELS = set("aeiou")


def count_vowels(text):
    return sum(1 for char in text.lower() if char in VOWELS)

def tokenize(text):
    return text.replace(",", " ").split()

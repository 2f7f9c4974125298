def by_title(books):
    return sorted(books, key=lambda book: book["title"].lower())


def by_author_then_year(books):
    return sorted(books, key=lambda book: (book["author"], book["year"]))

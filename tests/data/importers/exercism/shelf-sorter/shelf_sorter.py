def by_title(books):
    return books


def by_author_then_year(books):
    return books

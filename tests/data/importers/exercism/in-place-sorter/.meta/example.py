def sort_in_place(items):
    items.sort()

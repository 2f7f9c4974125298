def sort_in_place(items):
    pass

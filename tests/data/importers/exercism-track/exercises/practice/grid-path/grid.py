"""A grid of open cells ('.') and walls ('#'), given as lines of text."""


class Grid:
    def __init__(self, text):
        self.rows = [line for line in text.split() if line]

    @property
    def height(self):
        return len(self.rows)

    @property
    def width(self):
        return len(self.rows[0]) if self.rows else 0

    def is_open(self, row, col):
        return self.rows[row][col] == "."

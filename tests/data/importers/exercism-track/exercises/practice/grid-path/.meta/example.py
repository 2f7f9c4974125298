def count_paths(grid):
    if grid.height == 0 or not grid.is_open(0, 0):
        return 0
    ways = [[0] * grid.width for _ in range(grid.height)]
    for row in range(grid.height):
        for col in range(grid.width):
            if not grid.is_open(row, col):
                continue
            if row == 0 and col == 0:
                ways[row][col] = 1
                continue
            above = ways[row - 1][col] if row else 0
            left = ways[row][col - 1] if col else 0
            ways[row][col] = above + left
    return ways[-1][-1]

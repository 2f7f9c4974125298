def square(x):
    print("computing", x)
    if x < 0:
        raise ValueError("negative input")
    return x * 2

def target():
    while True:
        pass

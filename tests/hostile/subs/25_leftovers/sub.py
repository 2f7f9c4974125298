import os


def target():
    seen = os.path.exists("/tmp/left-by-previous-run")
    open("/tmp/left-by-previous-run", "w").write("hello")
    return 0 if seen else 42

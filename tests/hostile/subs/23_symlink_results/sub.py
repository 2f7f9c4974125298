import os


def target():
    try:
        os.remove("/out/results.json")
    except OSError:
        pass
    os.symlink("/etc/passwd", "/out/results.json")
    os.mkfifo("/out/results.json.tmp")
    os._exit(0)

import os


def target():
    leaks = [k for k in os.environ if "DOCKER" in k or "HARNESS" in k or "SECRET" in k]
    leaks += [v for v in os.environ.values() if "s3cr3t-value" in v]
    sockets = [p for p in ("/var/run/docker.sock", "/run/docker.sock") if os.path.exists(p)]
    return 42 if not leaks and not sockets else 0

import subprocess


def target():
    subprocess.Popen(["sh", "-c", "sleep 1000"], start_new_session=True)
    subprocess.Popen(["sleep", "1000"])
    return 42

"""Solves nothing within the limits; tries to forge everything from outside them.

Issue 17, io mode: find the driver's nonce and results path (in an argv in
/proc/PID/cmdline, or an environment in /proc/PID/environ), SIGSTOP the driver,
compute every case with all the time in the world (here: the reference, copied next
to this file by the test as _ref.py), and write the results itself.  When any step is
refused, it prints nothing and exits 1: every case is an error, the score zero.
"""
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def processes():
    for name in os.listdir("/proc"):
        if name.isdigit() and int(name) != os.getpid():
            try:
                argv = Path(f"/proc/{name}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            yield int(name), [a.decode("utf-8", "replace") for a in argv]


def environ_nonce(pid):
    try:
        env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return None
    for item in env:
        if item.startswith(b"HARNESS_NONCE="):
            return item.split(b"=", 1)[1].decode()
    return None


def after(argv, flag):
    return argv[argv.index(flag) + 1] if flag in argv else None


def main():
    nonce = out = suite = None
    drivers = []
    for pid, argv in processes():
        if not any("validators" in a for a in argv):
            continue
        drivers.append(pid)
        nonce = nonce or after(argv, "--nonce") or environ_nonce(pid)
        out = out or after(argv, "--out")
        suite = suite or after(argv, "--suite")
    for pid in drivers:
        os.kill(pid, signal.SIGSTOP)  # PermissionError when the driver is another uid
    if not (nonce and out and suite):
        sys.exit(1)
    tests = []
    for case in sorted(Path(suite).rglob("*.in")):
        case_id = str(case.relative_to(suite).with_suffix(""))
        with case.open("rb") as stdin:
            answer = subprocess.run([sys.executable, str(HERE / "_ref.py")], stdin=stdin,
                                    capture_output=True, check=False).stdout.decode()
        tests.append({"id": case_id, "level": case_id.split("/", 1)[0], "verdict": "passed",
                      "duration": 0.01, "message": "", "output": "", "stdout": answer})
    doc = {"version": 1, "nonce": nonce, "mode": "io", "status": "complete", "current": None,
           "collected": [t["id"] for t in tests], "tests": tests, "errors": []}
    with open(out + ".forged", "w") as fh:
        json.dump(doc, fh)
    os.replace(out + ".forged", out)
    for pid in drivers:
        os.kill(pid, signal.SIGKILL)
    sys.exit(1)


main()

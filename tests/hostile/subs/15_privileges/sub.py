import os


def target():
    status = open("/proc/self/status").read()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    no_caps = int(fields["CapEff"].strip(), 16) == 0 and int(fields["CapPrm"].strip(), 16) == 0
    no_new = fields["NoNewPrivs"].strip() == "1"
    try:
        os.setuid(0)
        became_root = True
    except PermissionError:
        became_root = False
    return 42 if no_caps and no_new and not became_root and os.geteuid() != 0 else 0

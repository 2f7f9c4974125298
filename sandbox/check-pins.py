"""Fail the image build when what Python imports differs from sandbox/requirements.txt.

Run inside the image at the end of its build (stdlib only).  For every pin it
checks the installed version, that exactly one installation of the package is on
sys.path (a Debian python3-numpy under a pip one would still be found by some
tools), and, for the packages tests import, that the import comes from it.
Prints ``name==version`` for each pin, the pinned part of ``pip freeze``.
"""

from __future__ import annotations

import importlib
import sys
from importlib import metadata
from pathlib import Path

IMPORTED = {"numpy": "numpy", "pytest": "pytest"}  # distribution -> module the suites import


def pins(path: Path) -> dict[str, str]:
    found = {}
    for text in path.read_text().splitlines():
        line = text.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            found[name.strip().lower()] = version.strip()
    return found


def problems(name: str, version: str) -> list[str]:
    copies = [d for d in metadata.distributions() if d.metadata["Name"].lower() == name]
    if not copies:
        return [f"{name}: not installed (pinned {version})"]
    wrong = [f"{name}: {d.version} at {d.locate_file('')} (pinned {version})"
             for d in copies if d.version != version]
    if len(copies) > 1:
        wrong.append(f"{name}: {len(copies)} installations on sys.path")
    module = IMPORTED.get(name)
    if module and not wrong:
        where = Path(importlib.import_module(module).__file__ or "").resolve()
        home = Path(str(copies[0].locate_file(module))).resolve()
        if not where.is_relative_to(home):
            wrong.append(f"{name}: imported from {where}, not from the pinned {home}")
    return wrong


def main() -> int:
    wanted = pins(Path(sys.argv[1]))
    wrong = [line for name, version in wanted.items() for line in problems(name, version)]
    for line in wrong:
        print(f"check-pins: {line}", file=sys.stderr)
    if wrong:
        print("check-pins: the image does not hold the pinned packages", file=sys.stderr)
        return 1
    for name, version in wanted.items():
        print(f"{name}=={version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

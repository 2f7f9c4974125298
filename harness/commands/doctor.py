"""`harness doctor` and `harness sandbox build`: is the machine ready to run code?"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.errors import EXIT_HARNESS, EXIT_OK, HarnessError
from harness.output import console, emit_json

if TYPE_CHECKING:
    from harness.sandbox.docker_client import Daemon

__all__ = ["build", "doctor"]


def _problem_images(daemon: Daemon, problems_dirs: tuple[Path, ...]) -> list[dict[str, Any]]:
    """One row per problem that requires extra packages: the image it runs on.  A missing
    one is no fault: it is built the first time the problem runs."""
    from harness.catalog import Catalog
    from harness.sandbox.docker_image import has_image
    from harness.sandbox.extras import extra_image_tag

    rows = []
    for problem_id, problem in sorted(Catalog.load(problems_dirs).problems.items()):
        if problem.spec.requires:
            tag = extra_image_tag(problem.spec.requires)
            state = "built" if has_image(daemon, tag) else "built on first use"
            rows.append({"check": f"image for {problem_id}", "ok": True,
                         "detail": f"{tag} ({state}): the sandbox image + "
                                   f"{', '.join(problem.spec.requires)}", "advice": ""})
    return rows


def _checks(problems_dirs: tuple[Path, ...]) -> list[dict[str, Any]]:
    from harness.sandbox.docker_client import connect
    from harness.sandbox.docker_image import has_image
    from harness.sandbox.image import image_tag

    rows: list[dict[str, Any]] = []
    try:
        daemon = connect()
    except HarnessError as exc:
        return [{"check": "docker daemon", "ok": False, "detail": exc.message, "advice": exc.hint}]
    info = daemon.info()
    rows.append({"check": "docker daemon", "ok": True,
                 "detail": f"server {info.version}, {info.storage} storage", "advice": ""})
    security = ", ".join(info.security) or "none"
    rows.append({"check": "isolation", "ok": True,
                 "detail": f"cgroup v{info.cgroup} ({info.cgroup_driver}), security: {security}",
                 "advice": ""})
    limits_ok = info.memory_limit and info.pids_limit
    rows.append({"check": "memory and pids limits", "ok": limits_ok,
                 "detail": "supported" if limits_ok else "not supported by this kernel/daemon",
                 "advice": "" if limits_ok else "enable the memory and pids cgroup controllers"})
    tag = image_tag()
    present = has_image(daemon, tag)
    rows.append({"check": "sandbox image", "ok": present,
                 "detail": f"{tag} {'present' if present else 'missing or stale'}",
                 "advice": "" if present else "run `harness sandbox build` (or `make image`)"})
    if present:
        rows.append(_python_row(daemon))
        rows += _problem_images(daemon, problems_dirs)
    return rows


def _python_row(daemon: Daemon) -> dict[str, Any]:
    """The image's Python, numpy and BLAS, asked inside a sandbox container."""
    from harness.sandbox.image_info import image_info, pinned

    try:
        info = image_info(daemon)
    except HarnessError as exc:
        return {"check": "sandbox python", "ok": False, "detail": exc.message, "advice": exc.hint}
    want = pinned("numpy")
    ok = info.numpy == want
    return {"check": "sandbox python", "ok": ok,
            "detail": f"Python {info.python}, numpy {info.numpy} (BLAS: {info.blas})",
            "python": info.python, "numpy": info.numpy, "blas": info.blas,
            "advice": "" if ok else f"sandbox/requirements.txt pins numpy {want}: "
                                    "rebuild with `harness sandbox build --force`"}


def doctor(*, as_json: bool, problems_dirs: tuple[Path, ...] = ()) -> int:
    """Print each check with advice; exit 3 if any failed."""
    rows = _checks(problems_dirs)
    if as_json:
        emit_json({"ok": all(r["ok"] for r in rows), "checks": rows})
    else:
        out = console()
        for row in rows:
            mark = "[green]ok[/]  " if row["ok"] else "[red]FAIL[/]"
            out.print(f"{mark} {row['check']}: {row['detail']}")
            if row["advice"]:
                out.print(f"      advice: {row['advice']}")
    return EXIT_OK if all(r["ok"] for r in rows) else EXIT_HARNESS


def build(*, force: bool) -> int:
    """Build the sandbox image unless the current one exists."""
    from harness.sandbox.build import ensure_image

    out = console()
    with out.status("checking the sandbox image..."):
        tag, built = ensure_image(force=force, say=out.print)
    out.print(f"sandbox image {tag} {'built' if built else 'is current'}")
    return EXIT_OK

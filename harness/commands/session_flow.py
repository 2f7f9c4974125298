"""What the session commands do; click-free, each returns an exit code."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from harness.catalog import Catalog
from harness.commands.session_container import (
    container_state,
    host_of,
    live_container,
    prepare_next,
    sandbox_for,
    start_container,
    stop_container,
)
from harness.errors import EXIT_FAILED, EXIT_OK, NoSession, UsageError
from harness.grading import FORGEABLE, grade, plan_for_problem
from harness.output import clock, console, emit_json, err_console, spinner
from harness.report import print_suite, suite_json
from harness.sandbox import Limits, Sandbox, get_session_host, session_backend
from harness.session import (
    Active,
    create_workspace,
    find_session,
    require_live,
    session_by_id,
    unlock_next,
)
from harness.staging import SuitePart
from harness.store import Store
from harness.verdicts import SuiteResult

__all__ = ["abandon_session", "open_shell", "resume_session", "run_in_session", "show_status",
           "start_session", "validate_session", "watch_status"]


def start_session(*, backend: str, problems_dirs: tuple[Path, ...], problem: str,
                  folder: Path | None, seconds: float | None, as_json: bool) -> int:
    store = Store()
    host = get_session_host(backend)
    host.require()  # fail before creating anything when Docker is not there
    active, statement = create_workspace(Catalog.load(problems_dirs), problem, folder, seconds,
                                         backend, store)
    start_container(active, store)
    prepare_next(active)
    info = {"session": active.row.id, "problem": active.problem.id, "workspace": str(active.workspace),
            "statement": str(statement), "deadline": active.row.deadline,
            "minutes": round((active.row.deadline - active.row.started) / 60)}
    if as_json:
        emit_json(info)
        return EXIT_OK
    out = console()
    out.print(f"session {info['session']} started: {active.problem.spec.title}, "
              f"{clock(active.row.deadline - active.row.started)} on the clock")
    out.print(f"workspace: {info['workspace']}")
    out.print(f"statement: {info['statement']}")
    out.print(f"next: cd {info['workspace']} && harness validate   (then `harness submit`)")
    if not host.isolated:
        out.print("[yellow]local backend: NOT isolated, and no bell: edits up to your first "
                  "command after the deadline count[/]")
    return EXIT_OK


def watch_status(*, folder: Path | None) -> int:
    """A live countdown; ends at the bell or on Ctrl-C."""
    from rich.live import Live

    active = find_session(folder)
    with Live(console=console(), refresh_per_second=2, transient=False) as live:
        while active.row.remaining() > 0:
            live.update(f"{active.problem.spec.title} - level {active.current_level} - "
                        f"[bold]{clock(active.row.remaining())}[/] left")
            time.sleep(0.5)
        live.update(f"{active.problem.spec.title} - [bold red]time is up[/]")
    return EXIT_OK


def show_status(*, folder: Path | None, as_json: bool) -> int:
    store = Store()
    try:
        active = find_session(folder, store)
    except NoSession:
        _warn_gone_workspaces(store, err=True)
        raise
    problem_note = container_state(active)
    runs = store.runs(active.row.id, "validate")
    last = runs[-1] if runs else None
    data = {"session": active.row.id, "problem": active.problem.id,
            "level": active.current_level, "unlocked": active.unlocked_levels(),
            "remaining_seconds": round(active.row.remaining()), "ended": active.row.ended,
            "last_validation": {"passed": last.passed, "total": last.total} if last else None,
            "warning": problem_note or None}
    if as_json:
        emit_json(data)
        return EXIT_OK
    out = console()
    state = "ended" if active.row.ended else ("time is up" if active.row.expired else
                                               f"{clock(active.row.remaining())} left")
    out.print(f"{active.problem.spec.title} ({active.problem.id}) - level {active.current_level} "
              f"of {len(active.problem.spec.levels)} - {state}")
    if last:
        out.print(f"last validation: {last.passed}/{last.total} visible tests passed")
    if problem_note:
        out.print(f"[yellow]warning:[/] {problem_note}")
    _warn_gone_workspaces(store)
    return EXIT_OK


def _warn_gone_workspaces(store: Store, *, err: bool = False) -> None:
    """Running sessions whose workspace was deleted: nobody can reach them by folder."""
    for row in store.sessions():
        if row.ended is None and not Path(row.workspace).is_dir():
            out = err_console() if err else console()
            out.print(f"[yellow]warning:[/] session {row.id} ({row.problem}) is running but "
                      f"its workspace {row.workspace} is gone: `harness abandon {row.id}`")


def _own_tests(active: Active, sandbox: Sandbox) -> SuiteResult | None:
    """The candidate's own tests (workspace tests/), reported apart and never scored."""
    folder = active.workspace / "tests"
    if not any(folder.glob("test_*.py")):
        return None
    from harness.grading import Plan
    from harness.visible import is_visible_copy

    # The copies of the visible tests in tests/visible/ are graded already: not yours.
    mine = tuple(p for p in sorted(folder.iterdir())
                 if not is_visible_copy(p, active.workspace) and p.name != "__pycache__")
    spec = active.problem.spec
    # The candidate's own tests and code come from one person and are never scored:
    # there is nothing to forge, and inprocess keeps every pytest idiom they may use
    # (monkeypatch, identity, subprocess on their own file) working as on their machine.
    plan = Plan(mode="pytest", parts=(SuitePart("yours", "visible", mine, within=active.workspace),),
                limits=Limits.from_spec(spec.limits), isolation="inprocess")
    try:
        result = grade(plan, active.workspace, sandbox)
        return replace(result, notes=tuple(n for n in result.notes if n != FORGEABLE))
    except UsageError as exc:  # on stderr: stdout may be a JSON document
        err_console().print(f"[yellow]your tests could not be collected: {exc.message}[/]")
        return None


def validate_session(*, backend: str, folder: Path | None, as_json: bool) -> int:
    store = Store()
    active = find_session(folder, store)
    require_live(active)
    backend = session_backend(active.row.backend, backend)
    plan = plan_for_problem(active.problem, active.unlocked_levels(), hidden=False)
    status = spinner("running the visible tests in a fresh sandbox...", quiet=as_json)
    # The candidate's own tests run in a container of their own, at the same time: the
    # session keeps a ready container for each (warm.READY).
    sandbox = sandbox_for(active, backend)
    try:
        with status, ThreadPoolExecutor(max_workers=2) as pool:
            own_future = pool.submit(_own_tests, active, sandbox)
            try:
                result = grade(plan, active.workspace, sandbox)
                own = own_future.result()
            except KeyboardInterrupt:  # the other run must not hold the exit up (issue 12)
                getattr(sandbox, "cancel", lambda: None)()
                raise
    finally:
        if backend == active.row.backend:
            prepare_next(active, getattr(sandbox, "used", []))
    store.add_run(active.row.id, "validate", result.passed, len(result.tests), suite_json(result))
    current = result.for_level(active.current_level)
    unlocked = unlock_next(active, store) if current and all(t.passed for t in current) else None
    if as_json:
        emit_json(suite_json(result) | {
            "own_tests": suite_json(own, reveal=True) if own else None,
            "unlocked": unlocked[0] if unlocked else None,
            "remaining_seconds": round(active.row.remaining())})
    else:
        _print_validation(active, result, own, unlocked)
        warning = container_state(active)
        if warning:
            console().print(f"[yellow]warning:[/] {warning}")
    return EXIT_OK if result.all_passed else EXIT_FAILED


def _print_validation(active: Active, result: SuiteResult, own: SuiteResult | None,
                      unlocked: tuple[str, Path, list[str]] | None) -> None:
    out = console()
    print_suite(result)
    if own is not None:
        print_suite(own, reveal=True, title="your tests (not scored), ")
    out.print(f"{result.passed}/{len(result.tests)} visible tests passed - "
              f"{clock(active.row.remaining())} left")
    if unlocked:
        level, statement, added = unlocked
        out.print(f"[bold green]level {level} unlocked[/]: read {statement}")
        if added:
            out.print(f"new starter files: {', '.join(added)}")
        if (active.workspace / "tests" / "visible" / level).is_dir():
            out.print(f"its visible tests: tests/visible/{level}/ (run them: python3 -m pytest tests)")
    elif result.all_passed and active.row.unlocked >= len(active.problem.spec.levels):
        out.print("[green]every level is unlocked and passing: `harness submit` when ready[/]")


def _pick(folder: Path | None, session: str | None, store: Store) -> Active:
    """A session by id (works when its workspace is gone), else by workspace."""
    if session is not None:
        return session_by_id(session, store)
    return find_session(folder, store)


def abandon_session(*, folder: Path | None, session: str | None = None) -> int:
    store = Store()
    active = _pick(folder, session, store)
    if active.row.ended is None:
        store.update(active.row.id, ended=time.time())
    removed = stop_container(active)
    console().print(f"session {active.row.id} abandoned" +
                    (" and its container removed" if removed else ""))
    return EXIT_OK


def run_in_session(*, folder: Path | None, input_file: Path | None,
                   command: tuple[str, ...]) -> int:
    """Run a command, or the entry script on an input, in the session container."""
    active = find_session(folder)
    cid = live_container(active)
    if input_file is not None:
        argv, expected = _input_argv(active, input_file)
    elif command:
        argv, expected = list(command), None
    else:
        raise UsageError("nothing to run", hint="harness run -- python3 main.py, or --input FILE")
    limits = active.problem.spec.limits
    ran = host_of(active).execute(cid, argv, budget=max(limits.time, 10.0), cap=limits.output)
    code, stop = ran.exit_code, ran.stop
    text = ran.output.decode("utf-8", "replace")
    from harness.report import safe_text

    console().print(safe_text(text, limits.output), markup=False, end="")
    if stop:
        console().print(f"[yellow]stopped: {stop}[/]")
    differs = expected is not None and not _show_diff(active, text, expected)
    return EXIT_FAILED if stop or differs else int(code or 0)


def _input_argv(active: Active, input_file: Path) -> tuple[list[str], Path | None]:
    path = input_file.resolve()
    if not path.is_file():
        raise UsageError(f"no input file {input_file}",
                         hint="name a file in the workspace, e.g. one under samples/")
    if not path.is_relative_to(active.workspace):
        raise UsageError(f"{input_file} is outside the workspace",
                         hint="copy it into the workspace (e.g. samples/) first")
    inside = "/workspace/" + path.relative_to(active.workspace).as_posix()
    entry = active.problem.spec.entry
    answer = path.with_suffix(".ans")
    return (["/bin/sh", "-c", f'exec python3 {entry} < "$0"', inside],
            answer if answer.is_file() else None)


def _show_diff(active: Active, output: str, answer: Path) -> bool:
    """Print whether ``output`` matches the ``.ans``; True when it does."""
    from harness.grading import plan_for_problem
    from validators.checkers import compare

    checker = plan_for_problem(active.problem, active.unlocked_levels(), hidden=False).checker
    reason = compare(output, answer.read_text("utf-8", "replace"), checker)
    if reason is None:
        console().print(f"[green]matches {answer.name}[/]")
    else:
        console().print(f"[red]differs from {answer.name}:[/] {reason}")
    return reason is None


def open_shell(*, folder: Path | None) -> int:
    import subprocess

    active = find_session(folder)
    cid = live_container(active)
    host = host_of(active)
    argv = host.shell_argv(cid)
    try:
        return subprocess.call(argv)
    finally:  # however the shell ended, nothing started in it lives on
        host.end_commands(cid)


def resume_session(*, folder: Path | None, session: str | None = None) -> int:
    store = Store()
    active = _pick(folder, session, store)
    require_live(active)
    if not active.workspace.is_dir():
        raise UsageError(f"the workspace of session {active.row.id} is gone ({active.workspace})",
                         hint=f"`harness abandon {active.row.id}` ends it")
    if not host_of(active).containers:
        raise UsageError("local sessions have no container to resume")
    if not container_state(active):
        console().print("the session container is running; nothing to do")
        return EXIT_OK
    stop_container(active)
    start_container(active, store)
    console().print(f"a new session container is running; the bell rings in "
                    f"{clock(active.row.remaining())}")
    return EXIT_OK

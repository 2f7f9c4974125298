"""What the session commands do; click-free, each returns an exit code."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from harness.catalog import Catalog
from harness.errors import EXIT_FAILED, EXIT_OK, NoSession, UsageError
from harness.grading import FORGEABLE, grade, plan_for_problem
from harness.output import console, emit_json, err_console, spinner
from harness.paths import write_private
from harness.report import print_suite, score_levels, suite_json
from harness.report_summary import unlock_times
from harness.sandbox import Limits, Sandbox, SessionHost, SessionStart, get_backend, get_session_host
from harness.session import (
    Active,
    bell_rang,
    create_workspace,
    find_session,
    frozen_dir,
    prepare_bell_dir,
    report_path,
    require_live,
    save_report,
    session_by_id,
    unlock_next,
)
from harness.staging import SuitePart
from harness.store import Store, bounded_result
from harness.verdicts import SuiteResult

__all__ = ["abandon_session", "show_history", "show_report", "show_status", "start_session",
           "submit_session", "validate_session"]


def _clock(seconds: float) -> str:
    seconds = int(max(0, seconds))
    return f"{seconds // 3600:d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def start_session(*, backend: str, problems_dirs: tuple[Path, ...], problem: str,
                  folder: Path | None, seconds: float | None, as_json: bool) -> int:
    store = Store()
    host = get_session_host(backend)
    host.require()  # fail before creating anything when Docker is not there
    active, statement = create_workspace(Catalog.load(problems_dirs), problem, folder, seconds,
                                         backend, store)
    _start_container(active, store)
    _prepare_next(active)
    info = {"session": active.row.id, "problem": active.problem.id, "workspace": str(active.workspace),
            "statement": str(statement), "deadline": active.row.deadline,
            "minutes": round((active.row.deadline - active.row.started) / 60)}
    if as_json:
        emit_json(info)
        return EXIT_OK
    out = console()
    out.print(f"session {info['session']} started: {active.problem.spec.title}, "
              f"{_clock(active.row.deadline - active.row.started)} on the clock")
    out.print(f"workspace: {info['workspace']}")
    out.print(f"statement: {info['statement']}")
    out.print(f"next: cd {info['workspace']} && harness validate   (then `harness submit`)")
    if backend == "local":
        out.print("[yellow]local backend: NOT isolated, and no bell: edits up to your first "
                  "command after the deadline count[/]")
    return EXIT_OK


def _host(active: Active) -> SessionHost:
    return get_session_host(active.row.backend)


def _start_container(active: Active, store: Store) -> None:
    spec = active.problem.spec
    host = _host(active)
    if not host.containers:
        return
    cid = host.start(SessionStart(session_id=active.row.id, workspace=active.workspace,
                                  bell=prepare_bell_dir(active.row.id),
                                  seconds=active.row.remaining(),
                                  limits=Limits.from_spec(spec.limits),
                                  requires=tuple(spec.requires)))
    store.update(active.row.id, container=cid)


def _sandbox(active: Active, backend: str) -> Sandbox:
    """The session's own fast path (docker: a container started ahead of need, see
    warm.py); ``--backend local`` on a docker session runs locally."""
    if backend != active.row.backend:
        return get_backend(backend)
    return _host(active).sandbox(active.row.id)


def _prepare_next(active: Active, used: list[str] | None = None) -> None:
    _host(active).replenish(active.row.id, Limits.from_spec(active.problem.spec.limits),
                            used or [])


def _stop_container(active: Active) -> bool:
    if not active.row.container:
        return False
    return _host(active).remove(active.row.id, active.row.container)


def _container_state(active: Active) -> str:
    """'' when the bell's container runs (or none is expected), else what is wrong."""
    host = _host(active)
    if active.row.ended is not None or not host.containers:
        return ""
    if not active.row.container:
        return "this session has no container: the bell cannot ring"
    if host.running(active.row.container):
        return ""
    return "the session container is gone: the bell will not ring (`harness resume` starts a new one)"


def watch_status(*, folder: Path | None) -> int:
    """A live countdown; ends at the bell or on Ctrl-C."""
    from rich.live import Live

    active = find_session(folder)
    with Live(console=console(), refresh_per_second=2, transient=False) as live:
        while active.row.remaining() > 0:
            live.update(f"{active.problem.spec.title} - level {active.current_level} - "
                        f"[bold]{_clock(active.row.remaining())}[/] left")
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
    problem_note = _container_state(active)
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
                                               f"{_clock(active.row.remaining())} left")
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
    backend = active.row.backend if backend == "docker" else backend
    plan = plan_for_problem(active.problem, active.unlocked_levels(), hidden=False)
    status = spinner("running the visible tests in a fresh sandbox...", quiet=as_json)
    # The candidate's own tests run in a container of their own, at the same time: the
    # session keeps a ready container for each (warm.READY).
    sandbox = _sandbox(active, backend)
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
            _prepare_next(active, getattr(sandbox, "used", []))
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
        warning = _container_state(active)
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
              f"{_clock(active.row.remaining())} left")
    if unlocked:
        level, statement, added = unlocked
        out.print(f"[bold green]level {level} unlocked[/]: read {statement}")
        if added:
            out.print(f"new starter files: {', '.join(added)}")
        if (active.workspace / "tests" / "visible" / level).is_dir():
            out.print(f"its visible tests: tests/visible/{level}/ (run them: python3 -m pytest tests)")
    elif result.all_passed and active.row.unlocked >= len(active.problem.spec.levels):
        out.print("[green]every level is unlocked and passing: `harness submit` when ready[/]")


def _source(active: Active) -> tuple[Path, str]:
    """What submit grades: the bell's frozen copy after the deadline, else the workspace."""
    rang = bell_rang(active.row.id)
    if active.row.expired and rang.is_file():
        skipped = rang.read_text("utf-8", "replace")[:2000]
        return frozen_dir(active.row.id), ("graded the copy frozen at the bell; later edits do not "
                                           "count" + ("" if skipped == "nothing skipped" else
                                                      f" (the bell skipped: {skipped})"))
    if active.row.expired:
        return active.workspace, ("the bell's frozen copy is missing (the session container was "
                                   "gone); graded the workspace as it is now")
    return active.workspace, ""


def _end_runner(active: Active) -> None:
    """No process the candidate started in the session container outlives this."""
    if active.row.container:
        _host(active).end_commands(active.row.container)


def submit_session(*, backend: str, folder: Path | None, reveal: bool, as_json: bool) -> int:
    store = Store()
    active = find_session(folder, store)
    if active.abandoned:
        raise UsageError("this session was abandoned: there is nothing to submit",
                         hint=f"`harness start {active.problem.id}` begins a new session")
    if active.row.ended is not None:
        raise UsageError("this session was already submitted",
                         hint=f"`harness report {active.row.id}` shows its report")
    backend = active.row.backend if backend == "docker" else backend
    _end_runner(active)  # before the frozen copy is read: nothing of the runner is left
    source, note = _source(active)
    plan = plan_for_problem(active.problem, active.unlocked_levels(), hidden=True)
    with spinner("grading visible and hidden tests...", quiet=as_json):
        # grade() reads `source` (the frozen copy, or the workspace) with the safe copy.
        result = grade(plan, source, get_backend(backend))
    points = {lv.id: lv.points for lv in active.problem.spec.levels}
    scores = score_levels(result, points)
    ended = time.time()
    report = {
        "session": active.row.id, "problem": active.problem.id,
        "title": active.problem.spec.title,
        "score": round(sum(s.earned for s in scores), 2), "max_score": sum(points.values()),
        "levels": [vars(s) for s in scores],
        "time_used_seconds": round(min(ended, active.row.deadline) - active.row.started),
        "duration_minutes": round((active.row.deadline - active.row.started) / 60, 2),
        "note": note, "result": bounded_result(suite_json(result, reveal=True)),
        "started": active.row.started, "time_limit": active.problem.spec.limits.time,
        "unlocks": unlock_times(store.runs(active.row.id),
                                [lv.id for lv in active.problem.spec.levels], active.row.started),
        "timeline": [{"at": r.at - active.row.started, "passed": r.passed, "total": r.total}
                     for r in store.runs(active.row.id, "validate")],
    }
    store.add_run(active.row.id, "submit", result.passed, len(result.tests), suite_json(result))
    path = save_report(active.row.id, report)
    _write_html(active.row.id, report)
    store.update(active.row.id, ended=ended, score=report["score"], max_score=report["max_score"],
                 report=str(path))
    _stop_container(active)
    _emit_report(report, reveal=reveal, as_json=as_json)
    return report_exit_code(report)


def report_exit_code(report: dict[str, Any]) -> int:
    """The rule of every results command: 0 only for full marks, 1 when any scored
    test (visible or hidden, of any level, locked levels included) did not pass."""
    result = report["result"]
    perfect = report["score"] >= report["max_score"] and result["passed"] == result["total"]
    return EXIT_OK if perfect else EXIT_FAILED


def _write_html(session_id: str, report: dict[str, Any]) -> Path:
    from harness.report_html import render_html

    return write_private(report_path(session_id).with_suffix(".html"), render_html(report))


def _emit_report(report: dict[str, Any], *, reveal: bool, as_json: bool) -> None:
    if as_json:
        shown = dict(report)
        if not reveal:
            shown["result"] = _hide(report["result"])
        emit_json(shown)
        return
    from harness.report import result_from_json

    out = console()
    print_suite(result_from_json(report["result"]), reveal=reveal)
    from rich.markup import escape

    from harness.report_summary import level_lines

    for line in level_lines(report, reveal=reveal):
        out.print(escape(line))
    out.print(f"[bold]score {report['score']:g}/{report['max_score']:g}[/] - time used "
              f"{_clock(report['time_used_seconds'])}")
    if report.get("note"):
        from rich.markup import escape

        out.print(f"[yellow]note:[/] {escape(report['note'])}")  # names from the workspace
    out.print(f"HTML report: {report_path(report['session']).with_suffix('.html')}")


def _hide(result: dict[str, Any]) -> dict[str, Any]:
    tests = [t if not t.get("hidden") else {"id": "(hidden)", "level": t["level"],
                                             "verdict": t["verdict"], "hidden": True}
             for t in result["tests"]]
    return result | {"tests": tests}


def show_report(*, session: str | None, reveal: bool, as_html: bool, as_json: bool) -> int:
    import json

    store = Store()
    if session is None:
        try:
            session = find_session(None, store).row.id
        except NoSession:
            ended = [s for s in store.sessions() if s.ended]
            if not ended:
                raise
            session = ended[0].id
    path = _report_file(store, session)
    report = json.loads(path.read_text())
    if as_html:
        from harness.report_html import render_html

        target = path.with_suffix(".revealed.html" if reveal else ".html")
        write_private(target, render_html(report, reveal=reveal))
        console().print(str(target))
        return report_exit_code(report)
    _emit_report(report, reveal=reveal, as_json=as_json)
    return report_exit_code(report)


def _report_file(store: Store, session: str) -> Path:
    row = store.session(session)
    if row is None:
        raise UsageError(f"no session {session}", hint="`harness history` lists the sessions")
    path = report_path(session)
    if path.is_file():
        return path
    if row.ended is not None:
        raise UsageError(f"session {session} was abandoned: it has no report",
                         hint=f"`harness start {row.problem}` begins a new session")
    raise UsageError(f"session {session} has no report yet",
                     hint="`harness submit` in its workspace grades it and writes the report")


def show_history(*, as_json: bool) -> int:
    rows: list[dict[str, Any]] = [{"session": s.id, "problem": s.problem,
             "date": time.strftime("%Y-%m-%d %H:%M", time.localtime(s.started)),
             "score": s.score, "max_score": s.max_score,
             "time_used_seconds": round(min(s.ended or time.time(), s.deadline) - s.started),
             "state": _state(s), "workspace": s.workspace,
             "workspace_gone": not Path(s.workspace).is_dir()}
            for s in Store().sessions()]
    if as_json:
        emit_json({"sessions": rows})
        return EXIT_OK
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False)
    # The id is what `harness report SESSION` needs: never cut it; the rest may wrap.
    table.add_column("session", no_wrap=True, min_width=max((len(r["session"]) for r in rows),
                                                            default=7))
    for column in ("problem", "date", "score", "time used", "state"):
        table.add_column(column, overflow="fold")
    for r in rows:
        score = f"{r['score']:g}/{r['max_score']:g}" if r["score"] is not None else "-"
        state = r["state"] + (" (workspace gone)" if r["workspace_gone"] and
                              r["state"] == "running" else "")
        table.add_row(r["session"], r["problem"], r["date"], score, _clock(r["time_used_seconds"]),
                      state)
    console().print(table)
    return EXIT_OK


def _state(row: Any) -> str:
    return "submitted" if row.score is not None else ("abandoned" if row.ended else "running")


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
    removed = _stop_container(active)
    console().print(f"session {active.row.id} abandoned" +
                    (" and its container removed" if removed else ""))
    return EXIT_OK


def _live_container(active: Active) -> str:
    require_live(active)
    if not _host(active).containers or not active.row.container:
        raise UsageError("this session has no container (local backend)",
                         hint="run your code directly; `harness run` needs the docker backend")
    return active.row.container


def run_in_session(*, folder: Path | None, input_file: Path | None,
                   command: tuple[str, ...]) -> int:
    """Run a command, or the entry script on an input, in the session container."""
    active = find_session(folder)
    cid = _live_container(active)
    if input_file is not None:
        argv, expected = _input_argv(active, input_file)
    elif command:
        argv, expected = list(command), None
    else:
        raise UsageError("nothing to run", hint="harness run -- python3 main.py, or --input FILE")
    limits = active.problem.spec.limits
    ran = _host(active).execute(cid, argv, budget=max(limits.time, 10.0), cap=limits.output)
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
    cid = _live_container(active)
    host = _host(active)
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
    if not _host(active).containers:
        raise UsageError("local sessions have no container to resume")
    if not _container_state(active):
        console().print("the session container is running; nothing to do")
        return EXIT_OK
    _stop_container(active)
    _start_container(active, store)
    console().print(f"a new session container is running; the bell rings in "
                    f"{_clock(active.row.remaining())}")
    return EXIT_OK

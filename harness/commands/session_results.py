"""What a session came to: `harness submit` grades and writes the report, `harness
report` shows it again, `harness history` lists the sessions.  The report itself is a
typed value (harness/session_report.py); this module renders it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from harness.commands.session_container import end_runner, stop_container
from harness.errors import EXIT_OK, NoSession, UsageError
from harness.grading import grade, plan_for_problem
from harness.output import clock, console, emit_json, spinner
from harness.paths import write_private
from harness.report import print_suite, score_levels, suite_json
from harness.report_summary import unlock_times
from harness.sandbox import get_backend, session_backend
from harness.session import Active, bell_rang, find_session, frozen_dir, report_path
from harness.session_report import (
    Report,
    SessionFacts,
    build_report,
    load_report,
    report_exit_code,
    save_report,
)
from harness.store import Store, StoredSession
from harness.verdicts import SuiteResult

__all__ = ["show_history", "show_report", "submit_session"]


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


def submit_session(*, backend: str, folder: Path | None, reveal: bool, as_json: bool) -> int:
    store = Store()
    active = find_session(folder, store)
    if active.abandoned:
        raise UsageError("this session was abandoned: there is nothing to submit",
                         hint=f"`harness start {active.problem.id}` begins a new session")
    if active.row.ended is not None:
        raise UsageError("this session was already submitted",
                         hint=f"`harness report {active.row.id}` shows its report")
    backend = session_backend(active.row.backend, backend)
    end_runner(active)  # before the frozen copy is read: nothing of the runner is left
    source, note = _source(active)
    plan = plan_for_problem(active.problem, active.unlocked_levels(), hidden=True)
    with spinner("grading visible and hidden tests...", quiet=as_json):
        # grade() reads `source` (the frozen copy, or the workspace) with the safe copy.
        result = grade(plan, source, get_backend(backend))
    ended = time.time()
    report = _report_of(active, store, result, note, ended)
    store.add_run(active.row.id, "submit", result.passed, len(result.tests), suite_json(result))
    path = save_report(report_path(active.row.id), report)
    _write_html(active.row.id, report)
    store.update(active.row.id, ended=ended, score=report.score, max_score=report.max_score,
                 report=str(path))
    stop_container(active)
    _emit_report(report, reveal=reveal, as_json=as_json)
    return report_exit_code(report)


def _report_of(active: Active, store: Store, result: SuiteResult, note: str, ended: float) -> Report:
    spec = active.problem.spec
    facts = SessionFacts(session=active.row.id, problem=active.problem.id, title=spec.title,
                         started=active.row.started, deadline=active.row.deadline,
                         time_limit=spec.limits.time, note=note)
    levels = [lv.id for lv in spec.levels]
    return build_report(facts, score_levels(result, {lv.id: lv.points for lv in spec.levels}),
                        suite_json(result, reveal=True),
                        unlock_times(store.runs(active.row.id), levels, active.row.started),
                        store.runs(active.row.id, "validate"), ended)


def _write_html(session_id: str, report: Report) -> Path:
    from harness.report_html import render_html

    return write_private(report_path(session_id).with_suffix(".html"), render_html(report))


def _emit_report(report: Report, *, reveal: bool, as_json: bool) -> None:
    if as_json:
        emit_json(report.to_json(reveal=reveal))
        return
    from rich.markup import escape

    from harness.report_summary import level_lines

    out = console()
    print_suite(report.result.suite(), reveal=reveal)
    for line in level_lines(report, reveal=reveal):
        out.print(escape(line))
    out.print(f"[bold]score {report.score:g}/{report.max_score:g}[/] - time used "
              f"{clock(report.time_used_seconds)}")
    if report.note:
        out.print(f"[yellow]note:[/] {escape(report.note)}")  # names from the workspace
    out.print(f"HTML report: {report_path(report.session).with_suffix('.html')}")


def show_report(*, session: str | None, reveal: bool, as_html: bool, as_json: bool) -> int:
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
    report = load_report(path)
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
        table.add_row(r["session"], r["problem"], r["date"], score, clock(r["time_used_seconds"]),
                      state)
    console().print(table)
    return EXIT_OK


def _state(row: StoredSession) -> str:
    return "submitted" if row.score is not None else ("abandoned" if row.ended else "running")


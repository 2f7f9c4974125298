"""A self-contained HTML report: no external assets, an inline SVG timeline chart."""

from __future__ import annotations

import html
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from harness.session_report import Report, ReportTest, TimelinePoint

__all__ = ["render_html", "timeline_svg"]

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:60rem;
color:#1d1d1f;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
.passed{color:#107c10}.failed,.error{color:#c50f1f}.timeout,.memory,.output_limit{color:#b35c00}
.missing{color:#8a2be2}.score{font-size:2rem;font-weight:600}
pre{white-space:pre-wrap;background:#f5f5f7;padding:.4rem;margin:.2rem 0;font-size:.8rem}
.note{background:#fff4ce;padding:.5rem}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def timeline_svg(points: Sequence[TimelinePoint], minutes: float, width: int = 640,
                 height: int = 220) -> str:
    """Tests passing over the minutes of the session, one point per validation run."""
    left, bottom, top, right = 48, 30, 12, 12
    plot_w, plot_h = width - left - right, height - top - bottom
    total = max([p.total for p in points] + [1])
    span = max(minutes, 1.0)

    def xy(p: TimelinePoint) -> tuple[float, float]:
        x = left + plot_w * min(p.at / 60, span) / span
        y = top + plot_h * (1 - p.passed / total)
        return round(x, 1), round(y, 1)

    coords = [xy(p) for p in points]
    path = " ".join(f"{'M' if i == 0 else 'L'}{x},{y}" for i, (x, y) in enumerate(coords))
    dots = "".join(
        f'<circle class="point" cx="{x}" cy="{y}" r="4" fill="#0f6cbd">'
        f'<title>{p.at / 60:.1f} min: {p.passed}/{p.total} passed</title></circle>'
        for (x, y), p in zip(coords, points, strict=True))
    axes = (f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
            f'stroke="#888"/><line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" '
            f'stroke="#888"/>'
            f'<text x="{left + plot_w / 2}" y="{height - 6}" text-anchor="middle" '
            f'font-size="12">minutes into the session (of {span:g})</text>'
            f'<text x="14" y="{top + plot_h / 2}" font-size="12" text-anchor="middle" '
            f'transform="rotate(-90 14 {top + plot_h / 2})">tests passing</text>'
            f'<text x="{left - 6}" y="{top + 4}" font-size="11" text-anchor="end">{total}</text>'
            f'<text x="{left - 6}" y="{top + plot_h}" font-size="11" text-anchor="end">0</text>'
            f"{_ticks(span, left, top + plot_h, plot_w)}")
    line = f'<path d="{path}" fill="none" stroke="#0f6cbd" stroke-width="2"/>' if coords else ""
    return (f'<svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="{width}" '
            f'height="{height}" role="img" aria-label="tests passing over time">'
            f"{axes}{line}{dots}</svg>")


def _ticks(span: float, left: float, base: float, plot_w: float) -> str:
    """The time axis: a labelled tick every 5, 10 or 15 minutes."""
    step = 5 if span <= 30 else (10 if span <= 90 else 15)
    marks = []
    minute = 0
    while minute <= span:
        x = round(left + plot_w * minute / span, 1)
        marks.append(f'<line class="tick" x1="{x}" y1="{base}" x2="{x}" y2="{base + 4}" '
                     f'stroke="#888"/><text x="{x}" y="{base + 14}" font-size="10" '
                     f'text-anchor="middle">{minute}</text>')
        minute += step
    return "".join(marks)


def _time_cell(test: ReportTest, limit: float | None) -> str:
    took = f"{test.duration:.2f} s"
    return f"{took} of {limit:g} s" if limit else took


def _rows(tests: Sequence[ReportTest], reveal: bool, limit: float | None = None) -> str:
    out = []
    for t in tests:
        if t.hidden and not reveal:
            continue
        detail = "".join(f"<pre>{_e(text)}</pre>" for text in (t.message, t.output) if text)
        out.append(f'<tr><td class="{_e(t.verdict.value)}">{_e(t.verdict.value)}</td>'
                   f'<td>{_e(t.id)}{detail}</td><td>{_time_cell(t, limit)}</td></tr>')
    return "".join(out)


def _hidden_counts(hidden: Sequence[ReportTest]) -> str:
    """As the terminal says it: ``8 hidden test(s): 7 error, 1 passed``."""
    counts: dict[str, int] = {}
    for test in hidden:
        counts[test.verdict.value] = counts.get(test.verdict.value, 0) + 1
    parts = ", ".join(f"{n} {_e(v)}" for v, n in sorted(counts.items()))
    return f"<p>{len(hidden)} hidden test(s): {parts}</p>"


def _level_sections(report: Report, reveal: bool) -> str:
    limit = report.time_limit
    parts = []
    for level in report.levels:
        name = level.level
        title = f"<h2>Level {_e(name)}: {level.earned:g} / {level.points:g} points"
        if level.total == 0:
            parts.append(f"{title} (not unlocked)</h2><p>Never unlocked: its tests never ran.</p>")
            continue
        mine = report.result.of_level(name)
        hidden = [t for t in mine if t.hidden]
        summary = _hidden_counts(hidden) if hidden and not reveal else ""
        at = report.unlocked_at(name)
        when = f"<p>unlocked at {at / 60:.1f} min</p>" if at is not None else ""
        parts.append(
            f"{title} ({level.passed}/{level.total} tests)</h2>{when}"
            f"<table><tr><th>verdict</th><th>test</th><th>time (of the limit)</th></tr>"
            f"{_rows(mine, reveal, limit)}</table>{summary}")
    return "".join(parts)


def render_html(report: Report, *, reveal: bool = False) -> str:
    """The whole report as one HTML document."""
    minutes = report.duration_minutes
    note = f'<p class="note">{_e(report.note)}</p>' if report.note else ""
    used = report.time_used_seconds
    started = report.started
    date = (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started))
            if isinstance(started, (int, float)) else "")
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>harness report: {_e(report.title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{_e(report.title)} <small>({_e(report.problem)}, session "
        f"{_e(report.session)})</small></h1>"
        f'<p class="score">{report.score:g} / {report.max_score:g}</p>'
        f"<p>{'started ' + date + '; ' if date else ''}"
        f"time used: {used // 60:d} min {used % 60:d} s of {minutes:g} min</p>{note}"
        f"<h2>Timeline</h2>{timeline_svg(report.timeline, minutes)}"
        f"{_level_sections(report, reveal)}</body></html>"
    )

"""`harness list`, `harness show`, `harness schema`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness.catalog import Catalog
from harness.errors import EXIT_OK
from harness.output import console, emit_json
from harness.spec import Problem, ProblemSpec

__all__ = ["list_problems", "print_schema", "problem_schema", "show_problem"]


def _row(problem: Problem) -> dict[str, Any]:
    spec = problem.spec
    return {"id": spec.id, "title": spec.title, "difficulty": spec.difficulty,
            "duration": spec.duration, "levels": len(spec.levels), "tags": spec.tags,
            "mode": spec.mode, "summary": spec.summary}


def list_problems(*, problems_dirs: tuple[Path, ...], tags: tuple[str, ...],
                  difficulty: str | None, as_json: bool) -> int:
    """The catalogue, filtered by tag and difficulty."""
    catalog = Catalog.load(problems_dirs)
    rows = [_row(p) for _, p in sorted(catalog.problems.items())
            if set(tags) <= set(p.spec.tags) and difficulty in (None, p.spec.difficulty)]
    if as_json:
        emit_json({"problems": rows,
                   "broken": {str(k): v.message for k, v in catalog.broken.items()}})
        return EXIT_OK
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False)
    # The id is what people type next: never cut or wrapped; title and tags wrap.
    table.add_column("id", no_wrap=True)
    table.add_column("title", ratio=3)
    for column in ("difficulty", "duration", "levels"):
        table.add_column(column, no_wrap=True)
    table.add_column("tags", ratio=2, overflow="fold")
    for row in rows:
        table.add_row(row["id"], row["title"], row["difficulty"], f"{row['duration']} min",
                      str(row["levels"]), ", ".join(row["tags"]))
    out = console()
    out.print(table)
    for folder, error in catalog.broken.items():
        out.print(f"[yellow]skipped {folder}: {error.message.splitlines()[0]}[/]")
    return EXIT_OK


def show_problem(*, problems_dirs: tuple[Path, ...], problem: str,
                 as_json: bool) -> int:
    """Summary, levels, limits, and the statement of level 1 only (never hidden content)."""
    found = Catalog.load(problems_dirs).get(problem)
    spec = found.spec
    first = found.path(spec.levels[0].statement).read_text(encoding="utf-8")
    data = _row(found) | {
        "path": str(found.root),
        "limits": spec.limits.model_dump(),
        "levels": [{"id": lv.id, "title": lv.title, "points": lv.points} for lv in spec.levels],
        "statement": first,
        "requires": list(spec.requires),
        "image": _image(spec.requires),
    }
    if as_json:
        emit_json(data)
        return EXIT_OK
    from rich.markdown import Markdown

    out = console()
    out.print(f"[bold]{spec.title}[/] ({spec.id}) - {spec.difficulty}, {spec.duration} min")
    out.print(spec.summary)
    out.print(f"limits: {spec.limits.time:g} s per test, {spec.limits.memory} MiB, "
              f"{spec.limits.output} bytes of output")
    out.print(f"runs on: {data['image']}"
              + (f" (the sandbox image + {', '.join(spec.requires)})" if spec.requires else ""))
    for index, level in enumerate(spec.levels, 1):
        out.print(f"  level {index} ({level.id}): {level.title} - {level.points:g} points")
    out.print()
    out.print(Markdown(first), soft_wrap=False)  # wrap: never cut a line a candidate must read
    return EXIT_OK


def _image(requires: list[str]) -> str:
    """The image a problem runs on (by content tag; no Docker needed to say it)."""
    from harness.sandbox.extras import extra_image_tag
    from harness.sandbox.image import image_tag

    return extra_image_tag(requires) if requires else image_tag()


def problem_schema() -> dict[str, Any]:
    """The JSON Schema exported from the pydantic model (committed as problems/problem.schema.json)."""
    schema = ProblemSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "harness problem.yaml (format_version 1)"
    return schema


def print_schema() -> int:
    print(json.dumps(problem_schema(), indent=2))
    return EXIT_OK

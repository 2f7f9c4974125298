"""Import an Exercism exercise (Python track) as a pytest-mode harness package.

Mapping (see docs/importing.md):
- the stub (``files.solution``) and ``files.editor`` become the starter;
- the example (``files.example``, or ``files.exemplar`` for concept exercises)
  becomes the reference solution, under the stub's name;
- the test files become the visible tests.  Exercism shows every test to its
  students, so nothing is hidden;
- when tests carry ``@pytest.mark.task(taskno=N)``, each task is a level
  ``task-N`` and each test file is split per task (untagged tests go with the
  first task); the instructions' ``## N. ...`` sections become the levels'
  statements;
- introduction and instructions (with their ``.append.md`` parts) are the statement.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from harness.documents import DocumentRefused, load_json
from harness.importers import check_source, refuse
from harness.importers.write import Package, PackageFile, copied, text_file
from harness.limits import JSON_BYTES
from harness.spec import Level, ProblemSpec

__all__ = ["build_exercism", "split_by_task"]

TASK_HEADING = re.compile(r"^##\s+(\d+)\.\s*(.*?)\s*$")
TEST_NAME = re.compile(r"^(test_.*|.*_test)\.py$")


class Exercise(BaseModel):
    """What the importer needs from an exercise folder."""

    model_config = ConfigDict(frozen=True)

    root: Path
    slug: str
    title: str
    difficulty: Literal["easy", "medium", "hard"]
    blurb: str
    stub: str  # path of the stub, relative to root
    example: str
    tests: tuple[str, ...]
    editor: tuple[str, ...]


class TaskTest(BaseModel):
    """One test function or method: its task, its lines, and its class's lines."""

    model_config = ConfigDict(frozen=True)

    task: int | None
    lines: tuple[int, int]  # first and last line, decorators included (1-based)
    owner: tuple[int, int] | None  # the enclosing class's lines, for a method


# --- reading the exercise -------------------------------------------------------------


def _read_json(path: Path, source: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = load_json(fh.read(JSON_BYTES + 1), cap=JSON_BYTES, what=str(path))
    except OSError as exc:
        raise refuse(source, f"cannot read {path.name}: {exc.strerror}",
                     hint="an Exercism exercise folder has .meta/config.json") from exc
    except DocumentRefused as exc:
        raise refuse(source, str(exc)) from exc
    if not isinstance(data, dict):
        raise refuse(source, f"{path} is not a JSON object")
    return data


def _one_file(root: Path, files: dict[str, Any], keys: Sequence[str], what: str) -> str:
    names: list[str] = []
    for key in keys:
        names = list(files.get(key) or [])
        if names:
            break
    if len(names) != 1:
        raise refuse(root, f"expected exactly one {what} in .meta/config.json "
                           f"files.{'/'.join(keys)}, found {len(names)}")
    return _python_file(root, names[0])


def _python_file(root: Path, name: object) -> str:
    if not isinstance(name, str) or not name:
        raise refuse(root, f"{name!r} in .meta/config.json is not a file name")
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:  # an absolute path joined to root IS that path
        raise refuse(root, f"{name} in .meta/config.json is not a path inside the exercise",
                     hint="files are named relative to the exercise folder")
    if not name.endswith(".py"):
        raise refuse(root, f"{name} is not a Python file: only Python-track exercises can be imported")
    if not (root / name).is_file():
        raise refuse(root, f"{name}, listed in .meta/config.json, does not exist")
    return name


def _track_entry(root: Path, slug: str) -> dict[str, Any]:
    """The exercise's entry in the track's config.json, when the folder sits in a track."""
    if len(root.parents) < 3 or not (root.parents[2] / "config.json").is_file():
        return {}
    try:
        with (root.parents[2] / "config.json").open("rb") as fh:
            track = load_json(fh.read(JSON_BYTES + 1), cap=JSON_BYTES, what="the track's config.json")
        entries = [e for kind in track["exercises"].values() for e in kind]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    return next((e for e in entries if isinstance(e, dict) and e.get("slug") == slug), {})


def _difficulty(entry: dict[str, Any]) -> Literal["easy", "medium", "hard"]:
    level = entry.get("difficulty")
    if not isinstance(level, int):
        return "easy"
    return "easy" if level <= 3 else "medium" if level <= 7 else "hard"


def read_exercise(root: Path) -> Exercise:
    """Read ``root/.meta/config.json`` and check the files it names."""
    if not (root / ".meta" / "config.json").is_file():
        raise refuse(root, "no .meta/config.json: this is not an Exercism exercise folder",
                     hint="pass the exercise folder, e.g. exercises/practice/two-fer")
    check_source(root)
    config = _read_json(root / ".meta" / "config.json", root)
    files = config.get("files") or {}
    tests = tuple(_python_file(root, name) for name in files.get("test") or [])
    if not tests:
        raise refuse(root, "no test files in .meta/config.json files.test")
    slug = root.resolve().name
    entry = _track_entry(root.resolve(), slug)
    blurb = str(config.get("blurb") or "").strip()
    return Exercise(
        root=root, slug=slug, title=str(entry.get("name") or slug.replace("-", " ").title()),
        difficulty=_difficulty(entry), blurb=blurb,
        stub=_one_file(root, files, ["solution"], "solution stub"),
        example=_one_file(root, files, ["example", "exemplar"], "example solution"),
        tests=tests, editor=tuple(_python_file(root, n) for n in files.get("editor") or []),
    )


# --- splitting tests by task ----------------------------------------------------------


def _is_task_mark(func: ast.expr) -> bool:
    """``pytest.mark.task`` or ``mark.task``."""
    if not (isinstance(func, ast.Attribute) and func.attr == "task"):
        return False
    owner = func.value
    return (isinstance(owner, ast.Attribute) and owner.attr == "mark") or (
        isinstance(owner, ast.Name) and owner.id == "mark")


def _task_number(decorators: list[ast.expr]) -> int | None:
    for dec in decorators:
        if not (isinstance(dec, ast.Call) and _is_task_mark(dec.func)):
            continue
        values = [kw.value for kw in dec.keywords if kw.arg == "taskno"] + list(dec.args[:1])
        for value in values:
            if isinstance(value, ast.Constant) and isinstance(value.value, int):
                return value.value
    return None


def _span(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> tuple[int, int]:
    start = min([node.lineno] + [d.lineno for d in node.decorator_list])
    return start, node.end_lineno or node.lineno


def _is_test(node: ast.stmt) -> bool:
    return isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")


def find_tests(tree: ast.Module) -> list[TaskTest]:
    """Every test function and test method of a module, with its task number."""
    found: list[TaskTest] = []
    for node in tree.body:
        if _is_test(node):
            assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            found.append(TaskTest(task=_task_number(node.decorator_list), lines=_span(node),
                                  owner=None))
        elif isinstance(node, ast.ClassDef):
            class_task = _task_number(node.decorator_list)
            for item in node.body:
                if _is_test(item):
                    assert isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                    task = _task_number(item.decorator_list)
                    found.append(TaskTest(task=class_task if task is None else task,
                                          lines=_span(item), owner=_span(node)))
    return found


def _lines(span: tuple[int, int]) -> set[int]:
    return set(range(span[0], span[1] + 1))


def _keep(lines: list[str], tests: list[TaskTest], wanted: Callable[[TaskTest], bool]) -> str:
    """The module without the unwanted tests, and without classes left with no test."""
    spans = [t.lines for t in tests if not wanted(t)]
    kept_owners = {t.owner for t in tests if wanted(t) and t.owner}
    spans += [o for o in {t.owner for t in tests if t.owner} - kept_owners if o is not None]
    drop: set[int] = set()
    for first, last in spans:
        end = last
        while end < len(lines) and not lines[end].strip():  # the blank lines after it too
            end += 1
        drop |= _lines((first, end))
    return "".join(line for number, line in enumerate(lines, 1) if number not in drop)


def split_by_task(source: str, tasks: Sequence[int]) -> dict[int, str]:
    """One module per task in ``tasks`` that has tests here: the imports, helpers and
    classes of ``source`` with only that task's tests.  Untagged tests go with ``tasks[0]``."""
    tests = find_tests(ast.parse(source))
    lines = source.splitlines(keepends=True)
    out: dict[int, str] = {}
    for task in tasks:
        def wanted(test: TaskTest, task: int = task) -> bool:
            return (tasks[0] if test.task is None else test.task) == task

        if any(wanted(t) for t in tests):
            out[task] = _keep(lines, tests, wanted)
    return out


def _parsed(exercise: Exercise) -> dict[str, str]:
    sources: dict[str, str] = {}
    for name in exercise.tests:
        text = (exercise.root / name).read_text(encoding="utf-8")
        try:
            ast.parse(text)
        except SyntaxError as exc:
            raise refuse(exercise.root, f"{name} does not parse: {exc.msg} (line {exc.lineno})") from exc
        sources[name] = text
    return sources


def task_numbers(sources: dict[str, str]) -> list[int]:
    """The task numbers the test files use, sorted (empty when untagged)."""
    return sorted({t.task for text in sources.values() for t in find_tests(ast.parse(text))
                   if t.task is not None})


# --- statements -----------------------------------------------------------------------


def _doc(root: Path, name: str) -> str:
    parts = [root / ".docs" / f"{name}.md", root / ".docs" / f"{name}.append.md"]
    return "\n\n".join(p.read_text(encoding="utf-8").strip() for p in parts if p.is_file())


def demote(markdown: str) -> str:
    """Every heading one level down (``#`` -> ``##``), code blocks left alone."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        out.append("#" + line if not fenced and line.startswith("#") else line)
    return "\n".join(out)


def task_sections(instructions: str) -> tuple[str, dict[int, tuple[str, str]]]:
    """The text before the first ``## N. title`` heading, and each task's (title, text)."""
    preamble: list[str] = []
    sections: dict[int, tuple[str, list[str]]] = {}
    current: list[str] = preamble
    for line in instructions.splitlines():
        match = TASK_HEADING.match(line)
        if match:
            current = [line]
            sections[int(match.group(1))] = (match.group(2), current)
        else:
            current.append(line)
    return "\n".join(preamble), {n: (t, "\n".join(body)) for n, (t, body) in sections.items()}


def _join(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p.strip()) + "\n"


def statements(exercise: Exercise, tasks: list[int]) -> tuple[dict[str, str], dict[str, str]]:
    """Level id -> statement text, and level id -> level title.

    With tasks, each level gets its ``## N.`` section (the first also the
    introduction and the text before the sections); when the sections do not
    match the tasks, each level gets all the instructions."""
    intro, instructions = _doc(exercise.root, "introduction"), _doc(exercise.root, "instructions")
    if not instructions:
        raise refuse(exercise.root, "no .docs/instructions.md")
    heading = f"# {exercise.title}"
    if not tasks:
        return {"main": _join(heading, demote(intro), demote(instructions))}, {"main": exercise.title}
    preamble, sections = task_sections(instructions)
    split = set(tasks) <= set(sections)
    texts, titles = {}, {}
    for n in tasks:
        opening = [demote(intro), demote(preamble) if split else ""] if n == tasks[0] else []
        body = demote(sections[n][1]) if split else \
            f"{demote(instructions)}\n\nThis level's tests are those of task {n}."
        texts[f"task-{n}"] = _join(f"{heading}: task {n}", *opening, body)
        titles[f"task-{n}"] = (sections[n][0] if split else "") or f"Task {n}"
    return texts, titles


# --- the package ----------------------------------------------------------------------


def _test_name(name: str) -> str:
    base = Path(name).name
    return base if TEST_NAME.match(base) else f"{Path(base).stem}_test.py"


def visible_test_files(sources: dict[str, str], tasks: list[int]) -> dict[str, list[PackageFile]]:
    """Level id -> its visible test files."""
    if not tasks:
        return {"main": [text_file(f"tests/visible/main/{_test_name(n)}", t) for n, t in sources.items()]}
    out: dict[str, list[PackageFile]] = {f"task-{n}": [] for n in tasks}
    for name, text in sources.items():
        for task, module in split_by_task(text, tasks).items():
            out[f"task-{task}"].append(text_file(f"tests/visible/task-{task}/{_test_name(name)}", module))
    return out


def _code_files(exercise: Exercise) -> list[PackageFile]:
    files = [copied(f"starter/{exercise.stub}", exercise.root / exercise.stub),
             copied(f"solution/{exercise.stub}", exercise.root / exercise.example)]
    for name in exercise.editor:
        files += [copied(f"{where}/{name}", exercise.root / name) for where in ("starter", "solution")]
    return files


def _notes(exercise: Exercise) -> tuple[str, ...]:
    notes = ["all of the exercise's tests are visible (Exercism shows them to its students); "
             "there are no hidden tests and no known-wrong solutions"]
    if (exercise.root / ".docs" / "hints.md").is_file():
        notes.append(".docs/hints.md is not part of the statement")
    return tuple(notes)


def build_exercism(root: Path, problem_id: str) -> Package:
    """The harness package for the Exercism exercise in ``root``."""
    exercise = read_exercise(root)
    sources = _parsed(exercise)
    tasks = task_numbers(sources)
    texts, titles = statements(exercise, tasks)
    tests = visible_test_files(sources, tasks)
    levels = [Level(id=lid, title=titles[lid], statement=f"statements/{lid}.md",
                    visible=[f"tests/visible/{lid}"]) for lid in texts]
    summary = exercise.blurb.splitlines()[0] if exercise.blurb else f"The Exercism exercise {exercise.slug}."
    spec = ProblemSpec(format_version=1, id=problem_id, title=exercise.title, summary=summary,
                       difficulty=exercise.difficulty, tags=["exercism", "imported"],
                       mode="pytest", levels=levels)
    files = [text_file(f"statements/{lid}.md", text) for lid, text in texts.items()]
    files += [f for level_files in tests.values() for f in level_files] + _code_files(exercise)
    return Package(spec=spec, files=tuple(files), origin=f"the Exercism exercise {exercise.slug!r}",
                   root=exercise.root, notes=_notes(exercise))

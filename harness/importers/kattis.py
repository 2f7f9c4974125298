"""Import a Kattis problem package (legacy, 2023-07 or 2025-09 format) as an io-mode package.

Mapping (see docs/importing.md):
- ``data/sample`` -> visible tests of every level; ``data/secret`` -> hidden tests,
  one level per test group (subfolder of ``data/secret``), else one level ``main``;
- the default output validator's flags -> the harness checker (tokens, exact, float);
  a Python output validator -> ``kind: program`` through a small wrapper that
  passes the flags and a feedback folder ending in ``/``, as Kattis does;
- ``limits.time_limit`` -> ``limits.time`` (else 2 s, with a note); ``limits.memory``
  -> ``limits.memory``;
- the first Python submission in ``submissions/accepted`` -> the reference; Python
  submissions in wrong_answer / time_limit_exceeded / run_time_error -> known-wrong
  solutions expecting failed / timeout / error; in rejected -> any verdict but passed;
  in brute_force -> timeout or error (``submissions.yaml`` is not read);
- the Markdown (or, converted lightly, LaTeX) statement plus the samples -> the statement.

Interactive, multi-pass and submit-answer problems, included code, non-Python
validators and unknown keys or flags are refused with a message naming them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from harness.documents import DocumentRefused, load_yaml
from harness.importers import check_source, refuse, slugify
from harness.importers.write import Package, PackageFile, copied, text_file
from harness.limits import YAML_BYTES
from harness.spec import (
    Checker,
    Expectation,
    Level,
    ProblemLimits,
    ProblemSpec,
    Verdict,
    WrongSolution,
)

__all__ = ["Flags", "build_kattis", "checker_for", "parse_flags", "tex_to_markdown"]

KNOWN_KEYS = frozenset({
    "problem_format_version", "type", "name", "uuid", "version", "author", "source", "source_url",
    "license", "rights_owner", "limits", "validation", "validator_flags", "output_validator_flags",
    "grading", "keywords", "languages", "credits", "embargo_until", "allow_file_writing",
    "constants",
})
NOT_CARRIED = {"interactive": "interactive problems", "multi-pass": "multi-pass problems",
               "submit-answer": "submit-answer problems"}
# A list: at least one test gets one of them.  rejected/ must simply not be accepted;
# brute_force/ must fail by being too slow or crashing (2023-07 and 2025-09 formats).
VERDICTS: dict[str, Verdict | list[Verdict]] = {
    "wrong_answer": "failed", "time_limit_exceeded": "timeout", "run_time_error": "error",
    "rejected": ["failed", "timeout", "error", "memory", "output_limit"],
    "brute_force": ["timeout", "error"],
}
OTHER_CODE = frozenset({".c", ".cc", ".cpp", ".cxx", ".h", ".hpp", ".java", ".kt", ".rs", ".go",
                        ".sh", ".js", ".cs", ".rb", ".hs", ".ml", ".pas", ".py2"})
IMAGES = frozenset({".png", ".jpg", ".jpeg", ".svg", ".gif"})
DEFAULT_TIME = 2.0
WRAPPER = "harness_check.py"


class Case(BaseModel):
    """One test case: its name inside its group, and its input and answer files."""

    model_config = ConfigDict(frozen=True)

    name: str
    infile: Path
    ansfile: Path


class Group(BaseModel):
    """A level to be: a test group of data/secret (or all of it) and its cases."""

    model_config = ConfigDict(frozen=True)

    level: str
    folder: str  # the group's folder under data/secret ("" for data/secret itself)
    cases: tuple[Case, ...]

    @property
    def title(self) -> str:
        return f"Test group {self.folder}" if self.folder else "The tests of data/secret"


class Flags(BaseModel):
    """The default output validator's options."""

    model_config = ConfigDict(frozen=True)

    case_sensitive: bool = False
    space_change_sensitive: bool = False
    abs_tol: float | None = None
    rel_tol: float | None = None


# --- problem.yaml ---------------------------------------------------------------------


def _yaml(path: Path, root: Path) -> dict[str, Any]:
    import yaml

    try:
        with path.open("rb") as fh:
            data = load_yaml(fh.read(YAML_BYTES + 1), what=str(path.relative_to(root)))
    except OSError as exc:
        raise refuse(root, f"cannot read {path.relative_to(root)}: {exc.strerror}") from exc
    except DocumentRefused as exc:
        raise refuse(root, str(exc)) from exc
    except yaml.YAMLError as exc:
        raise refuse(root, f"{path.relative_to(root)} is not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise refuse(root, f"{path.relative_to(root)} is not a mapping of keys")
    return data


def read_meta(root: Path) -> dict[str, Any]:
    """problem.yaml, refused when it has unknown keys or describes what cannot be carried over."""
    if not (root / "problem.yaml").is_file():
        raise refuse(root, "no problem.yaml: this is not a Kattis problem package",
                     hint="pass the package folder (the one holding problem.yaml and data/)")
    check_source(root)
    meta = _yaml(root / "problem.yaml", root)
    unknown = sorted(set(meta) - KNOWN_KEYS)
    if unknown:
        raise refuse(root, f"unknown key(s) in problem.yaml: {', '.join(unknown)}")
    _refuse_not_carried(root, meta)
    return meta


def _refuse_not_carried(root: Path, meta: dict[str, Any]) -> None:
    types = meta.get("type") or []
    for kind in [types] if isinstance(types, str) else list(types):
        if kind in NOT_CARRIED:
            raise refuse(root, f"type: {kind}: {NOT_CARRIED[kind]} cannot be carried over",
                         hint="the harness runs a program on each input and checks its output")
    if "interactive" in str(meta.get("validation") or "").split():
        raise refuse(root, f"validation: {meta['validation']}: interactive problems cannot be "
                           "carried over", hint="the harness runs a program on each input and "
                                                "checks its output")
    if (root / "include").is_dir():
        raise refuse(root, "include/: code added to every submission cannot be carried over")


def _name(meta: dict[str, Any]) -> str | None:
    name = meta.get("name")
    if isinstance(name, dict) and name:
        name = name.get("en") or next(iter(name.values()))
    return str(name).strip() if name else None


# --- the default output validator -----------------------------------------------------


def _number(tokens: list[str], index: int, flag: str) -> float:
    try:
        value = float(tokens[index + 1])
    except (IndexError, ValueError):
        raise ValueError(f"output validator option {flag!r} needs a number after it") from None
    if value < 0:
        raise ValueError(f"output validator option {flag!r} must not be negative")
    return value


def parse_flags(tokens: list[str]) -> Flags:
    """The default output validator's options from its command-line flags."""
    values: dict[str, Any] = {}
    index = 0
    while index < len(tokens):
        flag = tokens[index]
        if flag in ("case_sensitive", "space_change_sensitive"):
            values[flag] = True
            index += 1
            continue
        targets = {"float_tolerance": ("abs_tol", "rel_tol"), "float_absolute_tolerance": ("abs_tol",),
                   "float_relative_tolerance": ("rel_tol",)}.get(flag)
        if targets is None:
            raise ValueError(f"unknown output validator option {flag!r} (known: case_sensitive, "
                             "space_change_sensitive, float_tolerance, float_absolute_tolerance, "
                             "float_relative_tolerance)")
        if any(t in values for t in targets):
            raise ValueError(f"output validator option {flag!r} sets a tolerance twice")
        values.update(dict.fromkeys(targets, _number(tokens, index, flag)))
        index += 2
    return Flags(**values)


def checker_for(flags: Flags) -> Checker:
    """The harness checker that judges as the default output validator with ``flags``."""
    floats = flags.abs_tol is not None or flags.rel_tol is not None
    if flags.space_change_sensitive and floats:
        raise ValueError("space_change_sensitive together with a float tolerance has no "
                         "harness checker (exact compares whole text, float compares tokens)")
    if flags.space_change_sensitive and not flags.case_sensitive:
        raise ValueError("space_change_sensitive without case_sensitive has no harness checker "
                         "(the exact checker is always case-sensitive)")
    if flags.space_change_sensitive:
        return Checker(kind="exact")
    if floats:
        return Checker(kind="float", case_sensitive=flags.case_sensitive,
                       abs_tol=flags.abs_tol or 0.0, rel_tol=flags.rel_tol or 0.0)
    return Checker(kind="tokens", case_sensitive=flags.case_sensitive)


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else str(value).split()


def validator_flags(root: Path, meta: dict[str, Any]) -> list[str]:
    """problem.yaml's flags plus the data groups' (which must agree with each other)."""
    found: dict[str, list[str]] = {}
    for path in sorted((root / "data").rglob("*.yaml")):
        if path.name not in ("testdata.yaml", "test_group.yaml"):
            continue
        data = _yaml(path, root)
        tokens = _split(data.get("output_validator_flags")) + _split(data.get("output_validator_args"))
        if tokens:
            found[str(path.relative_to(root))] = tokens
    if len({tuple(t) for t in found.values()}) > 1:
        where = "; ".join(f"{p}: {' '.join(t)}" for p, t in found.items())
        raise refuse(root, f"the test groups use different output validator flags ({where})",
                     hint="the harness has one checker per problem")
    group = next(iter(found.values()), [])
    return _split(meta.get("validator_flags")) + _split(meta.get("output_validator_flags")) + group


# --- a custom output validator --------------------------------------------------------


def _validator_program(root: Path, meta: dict[str, Any]) -> Path | None:
    custom = str(meta.get("validation") or "default").split()[:1] == ["custom"]
    if (root / "output_validator").is_dir():
        return root / "output_validator"
    if not custom:
        return None
    folder = root / "output_validators"
    programs = sorted(p for p in folder.iterdir() if not p.name.startswith(".")) \
        if folder.is_dir() else []
    if len(programs) != 1:
        raise refuse(root, f"validation: custom needs exactly one program in output_validators/, "
                           f"found {len(programs)}")
    return programs[0]


def python_files(program: Path) -> tuple[dict[str, Path], str] | None:
    """A Kattis program's files by relative name, and its Python entry file;
    None when it is not a Python 3 program (other languages, build/run scripts)."""
    if program.is_file():
        first = program.read_text("utf-8", "replace").split("\n", 1)[0]
        if program.suffix != ".py" or re.match(r"^#!.*python2", first):
            return None
        return {program.name: program}, program.name
    files = {str(p.relative_to(program)): p for p in sorted(program.rglob("*"))
             if p.is_file() and "__pycache__" not in p.parts}
    if any(Path(n).suffix in OTHER_CODE or Path(n).name in ("build", "run") for n in files):
        return None
    scripts = [n for n in files if n.endswith(".py") and "/" not in n]
    for entry in ([scripts[0]] if len(scripts) == 1 else []) + [
            "__main__.py", f"{program.name}.py", "main.py", "validate.py"]:
        if entry in scripts:
            return files, entry
    return None


def _wrapper(entry: str, flags: list[str]) -> str:
    return f'''"""Run the Kattis output validator {entry} the way Kattis does.

Written by `harness import kattis`.  The harness calls a checker as
`python3 CHECK INPUT ANSWER FEEDBACK_DIR < OUTPUT`; Kattis also passes the
package's validator flags, and a feedback folder that ends with a separator.
"""

import runpy
import sys
from pathlib import Path

ENTRY = {entry!r}
FLAGS = {flags!r}

here = Path(__file__).resolve().parent
feedback = sys.argv[3] if sys.argv[3].endswith("/") else sys.argv[3] + "/"
sys.argv = [str(here / ENTRY), sys.argv[1], sys.argv[2], feedback, *FLAGS]
sys.path.insert(0, str(here))
runpy.run_path(str(here / ENTRY), run_name="__main__")
'''


def checker_files(root: Path, meta: dict[str, Any], flags: list[str]
                  ) -> tuple[Checker, list[PackageFile]]:
    """The harness checker, and the files of the checker program if there is one."""
    program = _validator_program(root, meta)
    if program is None:
        try:
            return checker_for(parse_flags(flags)), []
        except ValueError as exc:
            raise refuse(root, str(exc)) from exc
    found = python_files(program)
    if found is None:
        raise refuse(root, f"the output validator {program.relative_to(root)} is not a Python "
                           "program (a .py file, or a folder of .py files without build/run)",
                     hint="the harness runs checkers with python3")
    files, entry = found
    out = [copied(f"checker/{name}", path) for name, path in files.items()]
    out.append(text_file(f"checker/{WRAPPER}", _wrapper(entry, flags)))
    return Checker(kind="program", program=f"checker/{WRAPPER}"), out


# --- test data ------------------------------------------------------------------------


def read_cases(root: Path, folder: Path) -> tuple[Case, ...]:
    """Every ``.in``/``.ans`` pair under ``folder``, in Kattis order (by name)."""
    if not folder.is_dir():
        return ()
    cases = []
    for infile in sorted(folder.rglob("*.in")):
        ansfile = infile.with_suffix(".ans")
        if not ansfile.is_file():
            raise refuse(root, f"{infile.relative_to(root)} has no answer file "
                               f"{ansfile.relative_to(root).name}")
        cases.append(Case(name=str(infile.relative_to(folder).with_suffix("")), infile=infile,
                          ansfile=ansfile))
    return tuple(cases)


def read_groups(root: Path) -> list[Group]:
    """The levels: one per test group of data/secret, or ``main`` when it has none."""
    secret = root / "data" / "secret"
    subgroups = sorted(p for p in secret.iterdir() if p.is_dir() and any(p.rglob("*.in"))) \
        if secret.is_dir() else []
    loose = tuple(c for c in read_cases(root, secret) if "/" not in c.name)
    if not subgroups:
        if not loose:
            raise refuse(root, "no secret test data (data/secret/*.in)")
        return [Group(level="main", folder="", cases=loose)]
    groups = [Group(level="secret", folder="", cases=loose)] if loose else []
    for folder in subgroups:
        level = slugify(folder.name) or "group"
        while level in {g.level for g in groups}:
            level += "-x"
        groups.append(Group(level=level, folder=folder.name, cases=read_cases(root, folder)))
    return groups


def _pair(prefix: str, case: Case) -> list[PackageFile]:
    return [copied(f"{prefix}/{case.name}.in", case.infile),
            copied(f"{prefix}/{case.name}.ans", case.ansfile)]


def layout_tests(groups: list[Group], samples: tuple[Case, ...]
                ) -> tuple[dict[str, tuple[list[str], list[str]]], list[PackageFile]]:
    """Level id -> (visible, hidden) paths, and the test files.  Without samples, the
    first case of each group is made visible (a level needs a visible test)."""
    files = [f for case in samples for f in _pair("tests/visible/sample", case)]
    paths: dict[str, tuple[list[str], list[str]]] = {}
    for group in groups:
        hidden = group.cases if samples else group.cases[1:]
        if not samples:
            files += _pair(f"tests/visible/{group.level}", group.cases[0])
        files += [f for case in hidden for f in _pair(f"tests/hidden/{group.level}", case)]
        visible = "tests/visible/sample" if samples else f"tests/visible/{group.level}"
        paths[group.level] = ([visible], [f"tests/hidden/{group.level}"] if hidden else [])
    return paths, files


# --- submissions ----------------------------------------------------------------------


def _programs(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def _as_solution(target: str, program: Path) -> list[PackageFile] | None:
    """The program's files under ``target``/, its entry renamed to solution.py."""
    found = python_files(program)
    if found is None:
        return None
    files, entry = found
    return [copied(f"{target}/{'solution.py' if name == entry else name}", path)
            for name, path in files.items()]


def reference_files(root: Path) -> tuple[list[PackageFile], list[str]]:
    """The first Python submission in submissions/accepted as solution/, and notes."""
    accepted = _programs(root / "submissions" / "accepted")
    for index, program in enumerate(accepted):
        files = _as_solution("solution", program)
        if files is not None:
            rest = [p.name for p in accepted[index + 1:] if python_files(p) is not None]
            skipped = [p.name for p in accepted if python_files(p) is None]
            notes = [f"reference solution: submissions/accepted/{program.name}"]
            notes += [f"other accepted Python submissions not used: {', '.join(rest)}"] if rest else []
            notes += [f"non-Python submissions skipped: {', '.join(skipped)}"] if skipped else []
            return files, notes
    found = ", ".join(p.name for p in accepted) or "nothing"
    raise refuse(root, f"no Python submission in submissions/accepted/ (found: {found})",
                 hint="the harness runs Python 3: add an accepted Python solution to the package")


def _submission_notes(root: Path, skipped: list[str]) -> list[str]:
    """What of submissions/ is left out: other folders, submissions.yaml, non-Python code."""
    others = sorted(p.name for p in _programs(root / "submissions")
                    if p.is_dir() and p.name not in {"accepted", *VERDICTS})
    listed = ", ".join(f"submissions/{o}/" for o in others)
    notes = [f"{listed} not carried over (no harness verdict to expect)"] if others else []
    if (root / "submissions" / "submissions.yaml").is_file():
        notes.append("submissions/submissions.yaml not read: each submission expects its "
                     "folder's verdict")
    notes += [f"non-Python rejected submissions skipped: {', '.join(skipped)}"] if skipped else []
    return notes


def wrong_solutions(root: Path) -> tuple[list[WrongSolution], list[PackageFile], list[str]]:
    """Python submissions of the rejected folders, each expecting its folder's verdict(s)."""
    wrongs: list[WrongSolution] = []
    files: list[PackageFile] = []
    skipped: list[str] = []
    for folder, verdict in VERDICTS.items():
        for program in _programs(root / "submissions" / folder):
            name = slugify(Path(program.name).stem) or "wrong"
            while name in {w.name for w in wrongs}:
                name = f"{name}-{slugify(folder)}"
            found = _as_solution(f"wrong/{name}", program)
            if found is None:
                skipped.append(f"{folder}/{program.name}")
                continue
            files += found
            wrongs.append(WrongSolution(name=name, path=f"wrong/{name}", note=f"submissions/"
                                        f"{folder}/{program.name}",
                                        expect=Expectation(verdict=verdict)))
    return wrongs, files, _submission_notes(root, skipped)


# --- the statement --------------------------------------------------------------------

TEX_RULES = [
    (r"(?<!\\)%.*", ""),
    (r"\\problemname\{[^}]*\}", ""),
    (r"\\(?:sub)?section\*?\{([^}]*)\}", r"## \1"),
    (r"\\begin\{(Input|Output|Interaction|Scoring)\}", r"## \1"),
    (r"\\end\{(Input|Output|Interaction|Scoring)\}", ""),
    (r"\\(?:emph|textit)\{([^}]*)\}", r"*\1*"),
    (r"\\textbf\{([^}]*)\}", r"**\1**"),
    (r"\\texttt\{([^}]*)\}", r"`\1`"),
    (r"\\begin\{(?:itemize|enumerate)\}|\\end\{(?:itemize|enumerate)\}", ""),
    (r"\\item\s*", "- "),
    (r"\\%", "%"),
    (r"~", " "),
    (r"\n{3,}", "\n\n"),
]


def tex_to_markdown(tex: str) -> tuple[str, str | None]:
    """A light conversion of a Kattis LaTeX statement; math stays as ``$...$``.
    Returns the text and the ``\\problemname``, if any."""
    match = re.search(r"\\problemname\{([^}]*)\}", tex)
    for pattern, replacement in TEX_RULES:
        tex = re.sub(pattern, replacement, tex, flags=re.MULTILINE)
    return tex.strip(), (match.group(1).strip() if match else None)


def _statement_file(root: Path) -> Path:
    for folder in (root / "statement", root / "problem_statement"):
        for pattern in ("problem.en.md", "problem.md", "problem.en.tex", "problem.tex",
                        "problem.*.md", "problem.*.tex"):
            found = sorted(folder.glob(pattern)) if folder.is_dir() else []
            if found:
                return found[0]
    raise refuse(root, "no Markdown or LaTeX statement (statement/problem.en.md or "
                       "problem_statement/problem.en.tex)",
                 hint="PDF statements cannot be carried over: add a Markdown statement")


def read_statement(root: Path) -> tuple[str, str | None, list[PackageFile]]:
    """The statement as Markdown, the title it names, and its images."""
    path = _statement_file(root)
    text = path.read_text(encoding="utf-8")
    title = None
    if path.suffix == ".tex":
        text, title = tex_to_markdown(text)
    images = [copied(f"statements/{p.name}", p) for p in sorted(path.parent.iterdir())
              if p.suffix.lower() in IMAGES]
    return text.strip(), title, images


def _samples_markdown(samples: tuple[Case, ...]) -> str:
    parts = []
    for number, case in enumerate(samples, 1):
        parts.append(f"## Sample {number}\n\nInput:\n\n```\n{case.infile.read_text().rstrip()}\n```"
                     f"\n\nOutput:\n\n```\n{case.ansfile.read_text().rstrip()}\n```")
    return "\n\n".join(parts)


def statement_texts(title: str, body: str, groups: list[Group], samples: tuple[Case, ...]
                    ) -> dict[str, str]:
    """Level id -> statement: the whole statement first, a pointer to it afterwards."""
    texts = {}
    for index, group in enumerate(groups):
        where = f"the test group `{group.folder}`" if group.folder else "the cases of data/secret"
        scope = f"This level's hidden tests are {where} ({len(group.cases)} cases)." \
            if len(groups) > 1 else ""
        if index == 0:
            parts = [f"# {title}", body, _samples_markdown(samples), scope]
        else:
            parts = [f"# {title}: {group.title.lower()}",
                     "The same problem as the first level: its statement still applies.", scope]
        texts[group.level] = "\n\n".join(p for p in parts if p) + "\n"
    return texts


# --- the package ----------------------------------------------------------------------


def limits(meta: dict[str, Any]) -> tuple[ProblemLimits, list[str]]:
    """The time limit (and memory, when given) of problem.yaml, and a note on defaults."""
    given = meta.get("limits") or {}
    time = given.get("time_limit")
    notes = []
    if not isinstance(time, int | float) or isinstance(time, bool) or time <= 0:
        time = DEFAULT_TIME
        notes.append(f"problem.yaml has no limits.time_limit (Kattis infers it from the "
                     f"submissions): using {DEFAULT_TIME:g} s per test; edit limits.time to change it")
    memory = given.get("memory")
    memory = min(max(int(memory), 32), 8192) if isinstance(memory, int) and memory > 0 else 256
    return ProblemLimits(time=min(float(time), 120.0), memory=memory), notes


def _tags(meta: dict[str, Any]) -> list[str]:
    words = _split(meta.get("keywords"))
    return ["kattis", "imported", *[w for w in (slugify(k) for k in words) if w]]


def build_kattis(root: Path, problem_id: str) -> Package:
    """The harness package for the Kattis problem package in ``root``."""
    meta = read_meta(root)
    checker, checker_out = checker_files(root, meta, validator_flags(root, meta))
    groups, samples = read_groups(root), read_cases(root, root / "data" / "sample")
    paths, test_out = layout_tests(groups, samples)
    reference, notes = reference_files(root)
    wrongs, wrong_out, wrong_notes = wrong_solutions(root)
    body, tex_title, images = read_statement(root)
    title = _name(meta) or tex_title or root.resolve().name
    texts = statement_texts(title, body, groups, samples)
    problem_limits, limit_notes = limits(meta)
    levels = [Level(id=g.level, title=title if len(groups) == 1 else g.title,
                    statement=f"statements/{g.level}.md", visible=paths[g.level][0],
                    hidden=paths[g.level][1]) for g in groups]
    spec = ProblemSpec(format_version=1, id=problem_id, title=title,
                       summary=f"{title}: imported from a Kattis problem package.",
                       difficulty="medium", tags=_tags(meta), mode="io", limits=problem_limits,
                       checker=checker, levels=levels, wrong=wrongs)
    starter = text_file("starter/solution.py", STARTER.replace("TITLE", title.replace('"', "'")))
    statement_files = [text_file(f"statements/{lid}.md", t) for lid, t in texts.items()]
    return Package(spec=spec, origin=f"the Kattis problem package {root.resolve().name!r}", root=root,
                   files=(*statement_files, *images, *test_out, *checker_out, *reference,
                          *wrong_out, starter),
                   notes=(*limit_notes, *notes, *wrong_notes, *_sample_note(samples)))


def _sample_note(samples: tuple[Case, ...]) -> list[str]:
    return [] if samples else ["no data/sample: the first secret case of each level is visible"]


STARTER = '''"""TITLE: read the input from standard input and print the answer.

The harness runs this file as `python3 solution.py < input` for every test.
"""

import sys


def main() -> None:
    data = sys.stdin.read()
    # Write your solution here and print the answer.


if __name__ == "__main__":
    main()
'''

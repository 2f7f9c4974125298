"""Issue 11, the host side: hostile bytes from a package, a submission or an import never
bring a host file in, never hang or blow up a parser, never stop a batch, never fill the store.

Each file-read attack plants a canary (a random token in a 0600 file in a private folder)
and proves the token appears in no output, report, database, copied file or package.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "harness" / "templates" / "new_problem"
IMPORTERS = Path(__file__).resolve().parent / "data" / "importers"
HARNESS = [sys.executable, "-m", "harness.cli"]


@pytest.fixture
def canary(tmp_path: Path) -> tuple[Path, str]:
    """(the private secret file, its token)."""
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    token = secrets.token_hex(16)
    secret = private / "secret.txt"
    secret.write_text(f"{token}\n")
    secret.chmod(0o600)
    return secret, token


def token_in(token: str, *places: Path | str) -> list[str]:
    """Where ``token`` shows up: files under the folders given, and the texts given."""
    found = []
    for place in places:
        if isinstance(place, str):
            if token in place:
                found.append("(printed output)")
            continue
        files = [place] if place.is_file() else place.rglob("*") if place.exists() else []
        for path in files:
            if path.is_file() and not path.is_symlink() and token.encode() in path.read_bytes():
                found.append(str(path))
    return found


def nest(root: Path, levels: int) -> None:
    """``levels`` folders one inside the other (os.makedirs would recurse too deep)."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(levels):
        os.mkdir("d", dir_fd=fd)
        child = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = child
    os.close(fd)


def demo_package(root: Path, problem_id: str = "demo") -> Path:
    dest = root / problem_id
    shutil.copytree(TEMPLATE, dest)
    yaml_path = dest / "problem.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("__ID__", problem_id)
                         .replace("__SCHEMA__", "x"))
    return dest


# --- problem packages -------------------------------------------------------------------

@pytest.mark.parametrize("where", ["tests/visible/l1/helper.py", "starter/data/notes.txt"])
def test_a_symlink_nested_in_a_package_is_a_load_error(
        cli: Callable[..., Any], tmp_path: Path, harness_home: Path,
        canary: tuple[Path, str], where: str) -> None:
    secret, token = canary
    problems = tmp_path / "problems"
    package = demo_package(problems)
    link = package / where
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret)
    outputs = []
    for args in (("show", "demo"), ("--backend", "local", "check", "demo"),
                 ("--backend", "local", "start", "demo", "--dir", str(tmp_path / "ws"))):
        result = cli("--problems-dir", str(problems), *args)
        outputs.append(result.out + result.err)
        assert result.code == 2, (args, result)  # a package that does not load: bad input
        assert f"{link}: is a symlink" in result.out + result.err, result
        assert "Traceback" not in result.out + result.err
    assert "error:" in outputs[0] and "hint:" in outputs[0]
    assert not (tmp_path / "ws").exists()
    assert token_in(token, harness_home, tmp_path / "problems", *outputs) == []


def test_a_path_leaving_the_package_is_a_load_error(cli: Callable[..., Any], tmp_path: Path,
                                                    canary: tuple[Path, str]) -> None:
    secret, _token = canary
    problems = tmp_path / "problems"
    package = demo_package(problems)
    yaml_path = package / "problem.yaml"
    for bad in (str(secret.parent), f"../../{secret.parent.name}"):
        yaml_path.write_text(yaml_path.read_text().replace("starter: starter", f"starter: {bad}"))
        result = cli("--problems-dir", str(problems), "show", "demo")
        assert result.code == 2 and "starter" in result.err and "outside the problem folder" \
            in result.err, result
        yaml_path.write_text(yaml_path.read_text().replace(f"starter: {bad}", "starter: starter"))


BOMB = """format_version: 1
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
j: &j [*i, *i, *i, *i, *i, *i, *i, *i, *i]
"""


def test_a_yaml_alias_bomb_is_a_clear_error_at_once(tmp_path: Path, harness_home: Path,
                                                    figure: Callable[[str], None]) -> None:
    """A 1 KB billion-laughs problem.yaml (through the real CLI, a subprocess each)."""
    package = tmp_path / "problems" / "bomb"
    package.mkdir(parents=True)
    (package / "problem.yaml").write_text(BOMB)
    assert len(BOMB) < 1024
    env = dict(os.environ, HARNESS_HOME=str(harness_home), NO_COLOR="1")
    for args, code in ((["show", str(package)], 2), (["check", str(package)], 2),
                       (["list"], 0)):
        started = time.perf_counter()
        proc = subprocess.run([*HARNESS, "--problems-dir", str(package.parent), *args], env=env,
                              capture_output=True, text=True, timeout=120, check=False)
        took = time.perf_counter() - started
        figure(f"alias bomb: harness {args[0]} answered in {took:.2f} s (exit {proc.returncode})")
        text = proc.stdout + proc.stderr
        assert proc.returncode == code, text
        assert "aliases (*name) are not allowed" in text, text
        assert "Traceback" not in text
        assert took < 5
    assert "error:" in subprocess.run([*HARNESS, "show", str(package)], env=env,
                                      capture_output=True, text=True, check=False).stderr


def test_an_oversized_problem_yaml_is_refused(cli: Callable[..., Any], tmp_path: Path) -> None:
    package = demo_package(tmp_path / "problems")
    with (package / "problem.yaml").open("a") as fh:
        fh.write("#" + "x" * (1 << 20) + "\n")
    result = cli("show", str(package))
    assert result.code == 2 and "larger than 1024 KiB" in result.err, result


def test_an_output_limit_must_fit_the_results_cap(cli: Callable[..., Any], tmp_path: Path) -> None:
    package = demo_package(tmp_path / "problems")
    yaml_path = package / "problem.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("output: 65536", f"output: {64 << 20}"))
    result = cli("show", str(package))
    assert result.code == 2 and "limits.output" in result.err and "16777216" in result.err, result


# --- importers --------------------------------------------------------------------------

def test_kattis_import_refuses_a_symlinked_statement_image(
        cli: Callable[..., Any], tmp_path: Path, canary: tuple[Path, str]) -> None:
    secret, token = canary
    source = tmp_path / "sources" / "addition"
    shutil.copytree(IMPORTERS / "kattis" / "addition", source)
    (source / "problem_statement" / "figure.png").symlink_to(secret)
    into = tmp_path / "into"
    result = cli("import", "kattis", str(source), "--into", str(into), "--no-check")
    assert result.code == 2, result
    assert "problem_statement/figure.png is a symlink" in result.err, result
    assert token_in(token, into, result.out, result.err) == []


def test_exercism_import_refuses_an_absolute_path_in_config(
        cli: Callable[..., Any], tmp_path: Path, canary: tuple[Path, str]) -> None:
    secret, token = canary
    evil = secret.with_name("evil.py")
    evil.write_text(f"# {token}\n")
    evil.chmod(0o600)
    source = tmp_path / "sources" / "vowel-counter"
    shutil.copytree(IMPORTERS / "exercism" / "vowel-counter", source)
    config = source / ".meta" / "config.json"
    data = json.loads(config.read_text())
    data["files"]["editor"] = [str(evil)]
    config.write_text(json.dumps(data))
    into = tmp_path / "into"
    result = cli("import", "exercism", str(source), "--into", str(into), "--no-check")
    assert result.code == 2, result
    assert "is not a path inside the exercise" in result.err, result
    assert token_in(token, into, result.out, result.err) == []


def test_a_deep_json_config_is_refused_before_it_is_parsed(cli: Callable[..., Any],
                                                           tmp_path: Path) -> None:
    source = tmp_path / "sources" / "vowel-counter"
    shutil.copytree(IMPORTERS / "exercism" / "vowel-counter", source)
    (source / ".meta" / "config.json").write_text("[" * 100_000)
    result = cli("import", "exercism", str(source), "--into", str(tmp_path / "into"))
    assert result.code == 2 and "nests deeper than" in result.err, result


# --- documents read back ----------------------------------------------------------------

def test_a_hostile_results_document_is_refused_before_parsing() -> None:
    from harness.readback import parse_document

    raw = b"[" * 100_000
    with pytest.raises(RecursionError):
        json.loads(raw)  # what the parser does with it unguarded
    started = time.perf_counter()
    doc, reason = parse_document(raw, "n" * 32, 32 << 20)
    assert doc is None and "nests deeper than 64 levels" in reason
    assert time.perf_counter() - started < 1
    doc, reason = parse_document(b'{"a": "' + b"[" * 100_000 + b'"}', "n", 32 << 20)
    assert doc is None and "schema" in reason  # brackets inside a string are not depth


def test_the_schema_and_the_writer_agree_on_the_text_caps() -> None:
    from harness import limits
    from validators.results import truncate

    schema = json.loads((ROOT / "validators" / "results.schema.json").read_text())
    test = schema["properties"]["tests"]["items"]["properties"]
    assert test["message"]["maxLength"] == limits.MESSAGE_CHARS
    assert test["output"]["maxLength"] == limits.OUTPUT_CHARS
    assert len(truncate("x" * 100_000, limits.MESSAGE_CHARS)) == limits.MESSAGE_CHARS


def test_the_store_caps_what_one_run_adds(tmp_path: Path) -> None:
    from harness.limits import RUN_ROW_BYTES
    from harness.store import Store

    store = Store(tmp_path / "h.db")
    store.add_session({"id": "s", "problem": "p", "problem_root": "/", "workspace": "/w",
                       "started": 0.0, "deadline": 1.0, "backend": "local"})
    padded = {"passed": 0, "total": 300, "notes": ["n" * 10**6],
              "tests": [{"id": f"t{i}", "verdict": "failed", "message": "m" * 10**5,
                         "output": "o" * 10**5} for i in range(300)]}
    store.add_run("s", "validate", 0, 300, padded)
    stored = store.runs("s")[0].result
    assert len(stored) <= RUN_ROW_BYTES
    assert len(json.loads(stored)["tests"]) == 300


# --- submissions ------------------------------------------------------------------------

LEAKER = '''
import os as _os

def _everything():
    seen = []
    for root, _dirs, files in _os.walk(_os.path.dirname(_os.path.abspath(__file__))):
        for name in files:
            try:
                with open(_os.path.join(root, name), errors="replace") as fh:
                    seen.append(fh.read(200))
            except OSError:
                pass
    return "|".join(seen)

def count_words(text):
    raise AssertionError("SEEN:" + _everything())
'''


@pytest.mark.docker
def test_symlinks_at_depth_in_a_submission_are_skipped_and_reported(
        cli: Callable[..., Any], tmp_path: Path, harness_home: Path,
        canary: tuple[Path, str]) -> None:
    secret, token = canary
    control = secrets.token_hex(8)
    sub = tmp_path / "sub"
    (sub / "deep" / "a" / "b").mkdir(parents=True)
    (sub / "words.py").write_text(LEAKER)
    (sub / "deep" / "control.txt").write_text(control)
    (sub / "deep" / "a" / "b" / "leak.txt").symlink_to(secret)
    (sub / "deep" / "a" / "dirlink").symlink_to(secret.parent)
    result = cli("run-suite", str(sub), str(TEMPLATE / "tests" / "visible" / "l1"), "--json")
    assert result.code == 1, result
    doc = json.loads(result.out)
    assert control in result.out  # the channel works: a copied file's bytes would show here
    assert any("deep/a/b/leak.txt (a symlink)" in n and "deep/a/dirlink (a symlink)" in n
               for n in doc["notes"]), doc["notes"]
    assert token_in(token, harness_home, result.out, result.err) == []


def _special_batch(subs: Path, good: Path) -> dict[str, Path]:
    made = {}
    for name in ("fifo", "nested", "device", "sparse"):
        made[name] = shutil.copytree(good, subs / name)
    os.mkfifo(made["fifo"] / "pipe")
    nest(made["nested"], 1100)
    os.mknod(made["device"] / "zero", 0o644 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero
    with (made["sparse"] / "huge.bin").open("wb") as fh:
        fh.truncate(100 << 30)  # 100 GiB that take no disk
    return made


@pytest.mark.docker
@pytest.mark.usefixtures("no_strays")
def test_a_batch_with_special_files_finishes_with_a_row_each(
        cli: Callable[..., Any], tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.fail("this test makes a device node with mknod: run it as root")
    problems = tmp_path / "problems"
    demo_package(problems)
    subs = tmp_path / "subs"
    good = shutil.copytree(problems / "demo" / "solution", subs / "good")
    made = _special_batch(subs, good)
    try:
        started = time.perf_counter()
        result = cli("--problems-dir", str(problems), "grade", "demo", str(good),
                     *map(str, made.values()), "--jobs", "2", "--json")
        took = time.perf_counter() - started
    finally:
        subprocess.run(["rm", "-rf", str(made["nested"])], check=True)
    assert result.code == 1, result  # not every row is perfect; the batch finished
    rows = {Path(r["submission"]).name: r for r in json.loads(result.out)["submissions"]}
    assert set(rows) == {"good", "fifo", "nested", "device", "sparse"}
    assert rows["good"]["score"] == 200 and not rows["good"]["problem"]
    assert rows["fifo"]["score"] == 200 and "pipe (a FIFO)" in rows["fifo"]["notes"]
    assert rows["device"]["score"] == 200 and "zero (a character device)" in rows["device"]["notes"]
    assert "deeper than 32 levels" in rows["nested"]["problem"]
    assert "MiB of files in all" in rows["sparse"]["problem"]
    assert took < 240, took


# --- storage ----------------------------------------------------------------------------

PADDER = '''
import validators.pytest_runner as _p
import validators.results as _r

# What a submission in the tests' process can do (until the process boundary lands):
_r.truncate = _p.truncate = lambda text, limit: text

def count_words(text):
    print("o" * 60000)
    raise AssertionError("m" * 2_000_000)
'''


def _db_bytes(home: Path) -> int:
    return sum(p.stat().st_size for p in home.glob("harness.db*"))


@pytest.mark.docker
def test_a_padding_submission_adds_at_most_a_megabyte_per_validate(
        cli: Callable[..., Any], tmp_path: Path, harness_home: Path,
        figure: Callable[[str], None]) -> None:
    problems = tmp_path / "problems"
    demo_package(problems)
    ws = tmp_path / "ws"
    assert cli("--problems-dir", str(problems), "start", "demo", "--dir", str(ws)).code == 0
    try:
        (ws / "words.py").write_text(PADDER)
        cli("validate", "--dir", str(ws))  # the first one makes the tables
        growth = []
        for _ in range(3):
            before = _db_bytes(harness_home)
            result = cli("validate", "--dir", str(ws), "--json")
            assert result.code == 1, result
            growth.append(_db_bytes(harness_home) - before)
    finally:
        cli("abandon", "--dir", str(ws))
    figure(f"padding submission: harness.db grew by {[g >> 10 for g in growth]} KiB per validate")
    assert max(growth) <= 1 << 20


# --- paths from the command line ---------------------------------------------------------

@pytest.mark.docker
def test_a_relative_problems_dir_works_from_elsewhere(tmp_path: Path, harness_home: Path,
                                                      daemon: Any) -> None:
    demo_package(tmp_path / "probs")
    env = dict(os.environ, HARNESS_HOME=str(harness_home), NO_COLOR="1")
    env.pop("HARNESS_PROBLEMS_PATH", None)

    def harness(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*HARNESS, *args], cwd=cwd, env=env, capture_output=True,
                              text=True, timeout=300, check=False)

    started = harness("--problems-dir", "probs", "start", "demo", "--dir", "ws", cwd=tmp_path)
    assert started.returncode == 0, started.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    status = harness("status", "--dir", str(tmp_path / "ws"), cwd=elsewhere)
    assert status.returncode == 0, status.stderr
    inside = harness("status", cwd=tmp_path / "ws")
    assert inside.returncode == 0, inside.stderr
    abandon = harness("abandon", "--dir", str(tmp_path / "ws"), cwd=elsewhere)
    assert abandon.returncode == 0, abandon.stderr
    from harness.sandbox.docker_client import strays

    deadline = time.monotonic() + 15  # removal of a ready container may finish just after
    while (left := strays(daemon)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not left, [c.name for c in left]

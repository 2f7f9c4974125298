"""What crosses by value, what stays behind as a handle, and that equality is local."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from validators.boundary import Boundary
from validators.boundary.finder import submission_modules
from validators.boundary.remote import Proxy

Make = Callable[..., Boundary]

SUB = """
class Yes:
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __hash__(self): return 0
    def __bool__(self): return True

class Sly(str):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    __hash__ = str.__hash__

class MyInt(int):
    def __eq__(self, other): return True
    __hash__ = int.__hash__

def echo(x): return x
def plain(): return [None, True, False, 7, -2**70, 1.5, 2j, "s\\u00e9", b"\\x00b", (1, [2]), {"k": {3}},
                     frozenset({4})]
def yes(): return Yes()
def sly(): return Sly("anything")
def my_int(): return MyInt(5)
def nested_yes(): return [Yes(), ("a", Yes())]
def kinds(x): return type(x).__name__
def same(): return _KEEP
_KEEP = object()
"""


def test_plain_data_crosses_as_exact_builtins(make_boundary: Make) -> None:
    b = make_boundary(SUB)
    mod = b.import_module("sub")
    value = mod.plain()
    assert value == [None, True, False, 7, -2**70, 1.5, 2j, "s\u00e9", b"\x00b", (1, [2]), {"k": {3}},
                     frozenset({4})]
    assert [type(v) for v in value] == [type(None), bool, bool, int, int, float, complex, str, bytes,
                                        tuple, dict, frozenset]
    sent = {"a": [1, (2.5, None)], "b": {b"x"}, 3: frozenset()}
    assert mod.echo(sent) == sent
    assert mod.kinds(True) == "bool" and mod.kinds(2**80) == "int"


@pytest.mark.parametrize("maker", ["yes", "sly", "my_int"])
def test_always_equal_objects_get_nowhere(make_boundary: Make, maker: str) -> None:
    b = make_boundary(SUB)
    value = getattr(b.import_module("sub"), maker)()
    assert type(value) is Proxy  # not a str/int: a subclass never crosses as its builtin
    assert value != "anything" and value != 5 and value != value.__class__
    assert (value == value) is True  # identity, locally
    assert hash(value) == object.__hash__(value)


def test_always_equal_inside_containers(make_boundary: Make) -> None:
    b = make_boundary(SUB)
    got = b.import_module("sub").nested_yes()
    assert type(got) is list and type(got[0]) is Proxy
    assert got != [1, ("a", 2)]


def test_handles_keep_identity_and_go_back_as_the_original(make_boundary: Make) -> None:
    b = make_boundary(SUB)
    mod = b.import_module("sub")
    first, second = mod.same(), mod.same()
    assert first is second
    assert mod.echo(first) is first  # sent back as a reference, returned as the same handle


def test_a_test_object_passed_in_becomes_a_handle_there(make_boundary: Make) -> None:
    b = make_boundary(SUB)
    mod = b.import_module("sub")
    marker = object()
    assert mod.kinds(marker) == "Proxy"
    assert mod.echo(marker) is marker  # and comes back as the original


DATA = """
import dataclasses

@dataclasses.dataclass(frozen=True)
class Chunk:
    text: str
    heading: str | None = None

    def __eq__(self, other):  # a forged __eq__: never called across the boundary
        return True

    __hash__ = object.__hash__

@dataclasses.dataclass
class Loose:
    items: list

class NotData:
    text = "x"

def chunk(text): return Chunk(text)
def chunks(): return [Chunk("a"), Chunk("b", "H")]
"""


def test_dataclass_instances_compare_by_their_fields_here(make_boundary: Make) -> None:
    mod = make_boundary(DATA).import_module("sub")
    assert mod.chunk("a b") == mod.Chunk("a b", None)
    assert mod.chunk("a b") != mod.Chunk("a c")  # the submission's own __eq__ says True: ignored
    assert mod.chunks() == [mod.Chunk("a"), mod.Chunk("b", "H")]
    assert mod.chunk("a") != "a" and mod.chunk("a") != ("a", None)  # never equal to local values
    assert len({mod.chunk("a"), mod.chunk("a")}) == 1  # frozen: hashed by its fields
    assert mod.Loose([1]) == mod.Loose([1]) and mod.Loose([1]) != mod.Loose([2])
    assert mod.NotData() != mod.NotData()


def test_probes_of_frameworks_stay_local(make_boundary: Make) -> None:
    b = make_boundary("class Trap:\n    def __getattr__(self, name):\n        raise SystemExit(name)\n")
    trap = b.import_module("sub").Trap()
    for name in ("_pytestfixturefunction", "__wrapped__", "__signature__", "__array__", "__code__"):
        with pytest.raises(AttributeError):
            getattr(trap, name)  # answered here: the submission never sees the probe
    with pytest.raises(Exception, match="pytestmark"):  # a forwarded name reaches its __getattr__
        trap.pytestmark  # noqa: B018


def test_only_the_submissions_own_names_are_claimed(tmp_path: Path) -> None:
    for name in ("calc.py", "json.py", "pytest.py", "numpy.py", "validators.py", "fast.cpython-311.so",
                 "notes.txt", "bad-name.py"):
        (tmp_path / name).write_text("")
    for folder in ("pkg", "os", "__pycache__"):
        (tmp_path / folder).mkdir()
    (tmp_path / "link.py").symlink_to(tmp_path / "calc.py")
    assert submission_modules(str(tmp_path)) == {"calc", "fast", "pkg"}

import pytest

from memfs import MemoryFS, QuotaExceededError


@pytest.mark.parametrize(
    ("name", "first", "second"),
    [
        ("report.txt", "report (1).txt", "report (2).txt"),
        ("archive.tar.gz", "archive.tar (1).gz", "archive.tar (2).gz"),
        ("Makefile", "Makefile (1)", "Makefile (2)"),
        (".bashrc", ".bashrc (1)", ".bashrc (2)"),
        ("notes.", "notes (1).", "notes (2)."),
        ("report (1).txt", "report (1) (1).txt", "report (1) (2).txt"),
        ("..hidden.cfg", "..hidden (1).cfg", "..hidden (2).cfg"),
        ("...", "... (1)", "... (2)"),
    ],
)
def test_file_collision_names(name, first, second):
    fs = MemoryFS()
    for d in ("/a", "/b", "/c", "/dst"):
        fs.mkdir(d)
        fs.write(f"{d}/{name}", d)
    p1 = fs.move(f"/a/{name}", "/dst")
    assert type(p1) is str and p1 == f"/dst/{first}"
    p2 = fs.copy(f"/b/{name}", "/dst")
    assert p2 == f"/dst/{second}"
    assert fs.read(f"/dst/{first}") == "/a"
    assert fs.read(f"/dst/{second}") == "/b"
    assert fs.rename(f"/c/{name}", "x") == "/c/x"
    fs.write("/c/y", "")
    assert fs.rename("/c/x", "y") == "/c/y (1)"


def test_directory_suffix_goes_at_the_end():
    fs = MemoryFS()
    fs.mkdir("/a/v1.2")
    fs.mkdir("/b/v1.2")
    fs.mkdir("/c/.config")
    fs.mkdir("/b/.config")
    assert fs.move("/a/v1.2", "/b") == "/b/v1.2 (1)"
    assert fs.copy("/b/v1.2", "/b") == "/b/v1.2 (2)"
    assert fs.move("/c/.config", "/b") == "/b/.config (1)"


def test_collision_between_file_and_directory():
    fs = MemoryFS()
    fs.mkdir("/d/x.txt")
    fs.write("/x.txt", "file")
    assert fs.move("/x.txt", "/d") == "/d/x (1).txt"
    fs.mkdir("/data")
    fs.write("/d/data", "file named data")
    assert fs.move("/data", "/d") == "/d/data (1)"
    assert fs.ls("/d") == ["data", "data (1)", "x (1).txt", "x.txt"]


def test_smallest_free_suffix_is_used():
    fs = MemoryFS()
    fs.mkdir("/d")
    for n in ["f.txt", "f (1).txt", "f (2).txt", "f (4).txt"]:
        fs.write(f"/d/{n}", n)
    fs.write("/g.txt", "g")
    assert fs.rename("/g.txt", "f.txt") == "/f.txt"
    assert fs.move("/f.txt", "/d") == "/d/f (3).txt"
    fs.remove("/d/f (1).txt")
    assert fs.copy("/d/f.txt", "/d") == "/d/f (1).txt"
    assert fs.copy("/d/f.txt", "/d") == "/d/f (5).txt"


def test_own_name_is_free_for_rename_and_move():
    fs = MemoryFS()
    fs.mkdir("/d")
    fs.write("/d/a.txt", "A")
    fs.write("/d/a (1).txt", "B")
    assert fs.rename("/d/a (1).txt", "a.txt") == "/d/a (1).txt"
    assert fs.rename("/d/a.txt", "a.txt") == "/d/a.txt"
    assert fs.move("/d/a.txt", "/d") == "/d/a.txt"
    assert fs.ls("/d") == ["a (1).txt", "a.txt"]
    assert fs.read("/d/a (1).txt") == "B"


def test_copy_into_own_directory_gets_suffix():
    fs = MemoryFS()
    fs.mkdir("/d/sub")
    fs.write("/d/sub/f", "12")
    assert fs.copy("/d/sub", "/d") == "/d/sub (1)"
    assert fs.read("/d/sub (1)/f") == "12"
    assert fs.size("/d") == 4


def test_move_and_copy_into_itself_raise():
    fs = MemoryFS()
    fs.mkdir("/a/b/c")
    fs.write("/a/b/c/f", "x")
    for op in (fs.move, fs.copy):
        with pytest.raises(ValueError):
            op("/a", "/a")
        with pytest.raises(ValueError):
            op("/a", "/a/b/c")
        with pytest.raises(ValueError):
            op("/a/b", "/a/b/c")
    assert fs.ls("/a/b/c") == ["f"]
    assert fs.size("/") == 1


def test_moving_to_a_sibling_with_a_common_prefix_is_fine():
    fs = MemoryFS()
    fs.mkdir("/ab")
    fs.mkdir("/abc")
    fs.write("/ab/f", "1")
    assert fs.move("/ab", "/abc") == "/abc/ab"
    assert fs.read("/abc/ab/f") == "1"


def test_root_cannot_be_moved_renamed_or_copied():
    fs = MemoryFS()
    fs.mkdir("/d")
    with pytest.raises(ValueError):
        fs.move("/", "/d")
    with pytest.raises(ValueError):
        fs.copy("/", "/d")
    with pytest.raises(ValueError):
        fs.rename("/", "x")


@pytest.mark.parametrize("bad", ["", "a/b", ".", ".."])
def test_rename_invalid_names(bad):
    fs = MemoryFS()
    fs.write("/f", "x")
    with pytest.raises(ValueError):
        fs.rename("/f", bad)
    assert fs.ls("/") == ["f"]


def test_missing_and_not_a_directory():
    fs = MemoryFS()
    fs.mkdir("/d")
    fs.write("/f", "x")
    with pytest.raises(FileNotFoundError):
        fs.move("/nope", "/d")
    with pytest.raises(FileNotFoundError):
        fs.move("/f", "/nope")
    with pytest.raises(NotADirectoryError):
        fs.move("/d", "/f")
    with pytest.raises(NotADirectoryError):
        fs.copy("/d", "/f")
    with pytest.raises(FileNotFoundError):
        fs.copy("/nope", "/d")
    with pytest.raises(FileNotFoundError):
        fs.rename("/nope", "x")
    with pytest.raises(NotADirectoryError):
        fs.rename("/f/g", "x")
    assert fs.ls("/") == ["d", "f"]


def test_sizes_follow_moves():
    fs = MemoryFS()
    fs.mkdir("/a/x/y")
    fs.mkdir("/b/z")
    fs.write("/a/x/y/f", "12345")
    fs.write("/a/x/g", "1")
    fs.write("/b/z/h", "12")
    assert fs.move("/a/x", "/b/z") == "/b/z/x"
    assert [fs.size(p) for p in ["/", "/a", "/b", "/b/z", "/b/z/x", "/b/z/x/y"]] == [8, 0, 8, 8, 6, 5]
    fs.append("/b/z/x/y/f", "6")
    assert [fs.size(p) for p in ["/", "/a", "/b", "/b/z/x"]] == [9, 0, 9, 7]
    fs.rename("/b/z/x", "renamed")
    assert fs.size("/b/z/renamed") == 7
    fs.remove("/b/z/renamed/y")
    assert [fs.size(p) for p in ["/", "/b", "/b/z"]] == [3, 3, 3]


def test_copy_respects_quota():
    fs = MemoryFS(quota=10)
    fs.mkdir("/src/deep")
    fs.write("/src/deep/a", "1234")
    fs.write("/src/b", "12")
    fs.mkdir("/dst")
    with pytest.raises(QuotaExceededError):
        fs.copy("/src", "/dst")
    assert fs.ls("/dst") == []
    assert fs.usage() == 6
    assert fs.copy("/src/deep", "/dst") == "/dst/deep"
    assert fs.usage() == 10
    with pytest.raises(QuotaExceededError):
        fs.copy("/src/b", "/dst")
    fs.write("/e", "")
    assert fs.copy("/e", "/dst") == "/dst/e"


def test_move_and_rename_allowed_over_quota():
    fs = MemoryFS()
    fs.mkdir("/a")
    fs.mkdir("/b")
    fs.write("/a/f", "123456")
    fs.set_quota(1)
    assert fs.move("/a/f", "/b") == "/b/f"
    assert fs.rename("/b/f", "g") == "/b/g"
    assert fs.usage() == 6


def test_quota_after_move_still_enforced_by_delta():
    fs = MemoryFS(quota=10)
    fs.mkdir("/a")
    fs.mkdir("/b")
    fs.write("/a/f", "12345")
    fs.move("/a/f", "/b")
    fs.write("/b/f", "1234567890")
    with pytest.raises(QuotaExceededError):
        fs.write("/a/g", "1")
    fs.write("/b/f", "123")
    fs.write("/a/g", "1234567")
    assert fs.usage() == 10


def test_error_order_into_itself_before_quota():
    fs = MemoryFS(quota=0)
    fs.mkdir("/a/b")
    fs.write("/a/f", "")
    fs.set_quota(0)
    with pytest.raises(ValueError):
        fs.copy("/a", "/a/b")


def test_moved_directory_keeps_working():
    fs = MemoryFS()
    fs.mkdir("/a/b")
    fs.mkdir("/t")
    fs.move("/a", "/t")
    fs.write("/t/a/b/new", "x")
    fs.mkdir("/t/a/b/c")
    assert fs.ls("/t/a/b") == ["c", "new"]
    assert fs.ls("/") == ["t"]
    with pytest.raises(FileNotFoundError):
        fs.ls("/a")

import random

import pytest

from memfs import MemoryFS

BAD_PATHS = ["", "a", "a/b", "/a/", "//a", "/a//b", "/.", "/..", "/a/./b", "/a/..", "/a/b/"]


@pytest.mark.parametrize("bad", BAD_PATHS)
def test_invalid_paths_everywhere(bad):
    fs = MemoryFS()
    fs.mkdir("/a/b")
    fs.write("/a/f", "x")
    with pytest.raises(ValueError):
        fs.mkdir(bad)
    with pytest.raises(ValueError):
        fs.write(bad, "x")
    with pytest.raises(ValueError):
        fs.read(bad)
    with pytest.raises(ValueError):
        fs.ls(bad)
    assert fs.ls("/") == ["a"]
    assert fs.ls("/a") == ["b", "f"]


def test_unusual_but_valid_names():
    fs = MemoryFS()
    names = ["...", "a b", "(1)", "x.tar.gz", ".hidden", "ünï", "😀", "-", "a(1) .b"]
    for n in names:
        fs.write("/" + n, n)
    assert fs.ls("/") == sorted(names)
    for n in names:
        assert fs.read("/" + n) == n


def test_ls_sorts_by_code_point():
    fs = MemoryFS()
    for n in ["b", "B", "a", "A", "_x", "10", "9", "é"]:
        fs.mkdir("/d/" + n)
    assert fs.ls("/d") == ["10", "9", "A", "B", "_x", "a", "b", "é"]


def test_ls_file_returns_own_name_only():
    fs = MemoryFS()
    fs.mkdir("/p/q")
    fs.write("/p/q/file.txt", "data")
    r = fs.ls("/p/q/file.txt")
    assert type(r) is list and r == ["file.txt"]
    assert type(r[0]) is str


def test_ls_returns_a_fresh_list():
    fs = MemoryFS()
    fs.mkdir("/a")
    r = fs.ls("/")
    r.append("zzz")
    assert fs.ls("/") == ["a"]


def test_mkdir_on_existing_file():
    fs = MemoryFS()
    fs.write("/f", "x")
    with pytest.raises(FileExistsError):
        fs.mkdir("/f")
    with pytest.raises(NotADirectoryError):
        fs.mkdir("/f/g/h")
    assert fs.read("/f") == "x"
    assert fs.ls("/") == ["f"]


def test_mkdir_root_is_noop():
    fs = MemoryFS()
    assert fs.mkdir("/") is None
    assert fs.ls("/") == []


def test_write_errors():
    fs = MemoryFS()
    fs.mkdir("/d")
    fs.write("/d/f", "x")
    with pytest.raises(IsADirectoryError):
        fs.write("/", "x")
    with pytest.raises(IsADirectoryError):
        fs.write("/d", "x")
    with pytest.raises(NotADirectoryError):
        fs.write("/d/f/g", "x")
    with pytest.raises(FileNotFoundError):
        fs.write("/d/missing/g", "x")
    with pytest.raises(FileNotFoundError):
        fs.write("/nope/g", "x")
    assert fs.ls("/") == ["d"]
    assert fs.ls("/d") == ["f"]
    assert fs.read("/d/f") == "x"


def test_read_and_ls_errors():
    fs = MemoryFS()
    fs.mkdir("/d")
    fs.write("/d/f", "x")
    with pytest.raises(FileNotFoundError):
        fs.read("/d/g")
    with pytest.raises(FileNotFoundError):
        fs.read("/e/g")
    with pytest.raises(NotADirectoryError):
        fs.read("/d/f/g")
    with pytest.raises(IsADirectoryError):
        fs.read("/")
    with pytest.raises(FileNotFoundError):
        fs.ls("/nope")
    with pytest.raises(NotADirectoryError):
        fs.ls("/d/f/g")


def test_empty_content_file():
    fs = MemoryFS()
    fs.write("/empty", "")
    v = fs.read("/empty")
    assert type(v) is str and v == ""
    assert fs.ls("/") == ["empty"]


def test_file_and_dir_names_are_distinct_entries():
    fs = MemoryFS()
    fs.mkdir("/a")
    fs.write("/a.txt", "1")
    fs.write("/a/a", "2")
    assert fs.ls("/") == ["a", "a.txt"]
    assert fs.read("/a/a") == "2"


def test_deep_paths():
    fs = MemoryFS()
    parts = [f"d{i}" for i in range(50)]
    path = "/" + "/".join(parts)
    fs.mkdir(path)
    fs.write(path + "/leaf", "deep")
    assert fs.read(path + "/leaf") == "deep"
    assert fs.ls("/" + "/".join(parts[:25])) == ["d25"]


def test_instances_are_independent():
    a, b = MemoryFS(), MemoryFS()
    a.mkdir("/only-a")
    b.write("/only-b", "x")
    assert a.ls("/") == ["only-a"]
    assert b.ls("/") == ["only-b"]


def test_random_against_model():
    rng = random.Random(42)
    fs = MemoryFS()
    dirs = {"/"}
    files: dict[str, str] = {}

    def join(d, n):
        return "/" + n if d == "/" else d + "/" + n

    for _ in range(3000):
        d = rng.choice(sorted(dirs))
        name = rng.choice("abcde")
        path = join(d, name)
        op = rng.random()
        if op < 0.3:
            if path in files:
                with pytest.raises(FileExistsError):
                    fs.mkdir(path)
            else:
                fs.mkdir(path)
                dirs.add(path)
        elif op < 0.65:
            content = "".join(rng.choice("xyz") for _ in range(rng.randint(0, 5)))
            if path in dirs:
                with pytest.raises(IsADirectoryError):
                    fs.write(path, content)
            else:
                fs.write(path, content)
                files[path] = content
        elif op < 0.8:
            if path in files:
                assert fs.read(path) == files[path]
            elif path in dirs:
                with pytest.raises(IsADirectoryError):
                    fs.read(path)
            else:
                with pytest.raises(FileNotFoundError):
                    fs.read(path)
        else:
            prefix = d.rstrip("/") + "/"
            expected = sorted({p[len(prefix):] for p in list(dirs) + list(files)
                               if p.startswith(prefix) and p != d and "/" not in p[len(prefix):]})
            assert fs.ls(d) == expected

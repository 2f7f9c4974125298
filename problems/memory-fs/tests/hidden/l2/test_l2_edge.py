import random

import pytest

from memfs import MemoryFS


def test_append_to_directory_raises():
    fs = MemoryFS()
    fs.mkdir("/d")
    with pytest.raises(IsADirectoryError):
        fs.append("/d", "x")
    with pytest.raises(IsADirectoryError):
        fs.append("/", "x")
    assert fs.size("/") == 0


def test_append_needs_parent():
    fs = MemoryFS()
    fs.write("/f", "x")
    with pytest.raises(FileNotFoundError):
        fs.append("/missing/f", "x")
    with pytest.raises(NotADirectoryError):
        fs.append("/f/g", "x")
    assert fs.ls("/") == ["f"]


def test_append_empty_creates_empty_file():
    fs = MemoryFS()
    fs.append("/f", "")
    assert fs.ls("/") == ["f"]
    assert fs.read("/f") == ""
    assert fs.size("/f") == 0
    fs.append("/f", "")
    assert fs.read("/f") == ""


def test_nested_sizes_update_on_every_change():
    fs = MemoryFS()
    fs.mkdir("/a/b/c")
    fs.write("/a/b/c/f", "1234")
    fs.write("/a/g", "12")
    assert [fs.size(p) for p in ["/", "/a", "/a/b", "/a/b/c"]] == [6, 6, 4, 4]
    fs.write("/a/b/c/f", "1")
    assert [fs.size(p) for p in ["/", "/a", "/a/b", "/a/b/c"]] == [3, 3, 1, 1]
    fs.append("/a/b/c/f", "ñ")
    assert [fs.size(p) for p in ["/", "/a", "/a/b", "/a/b/c"]] == [5, 5, 3, 3]
    fs.remove("/a/g")
    assert [fs.size(p) for p in ["/", "/a", "/a/b", "/a/b/c"]] == [3, 3, 3, 3]
    fs.remove("/a/b")
    assert [fs.size(p) for p in ["/", "/a"]] == [0, 0]


def test_multibyte_mix():
    fs = MemoryFS()
    s = "aé€😀"
    fs.write("/f", s)
    assert fs.size("/f") == 1 + 2 + 3 + 4
    fs.append("/f", s)
    assert fs.size("/f") == 20
    assert fs.read("/f") == s + s


def test_size_errors():
    fs = MemoryFS()
    fs.write("/f", "x")
    with pytest.raises(FileNotFoundError):
        fs.size("/g")
    with pytest.raises(NotADirectoryError):
        fs.size("/f/g")
    with pytest.raises(ValueError):
        fs.size("/f/")


def test_remove_errors_change_nothing():
    fs = MemoryFS()
    fs.mkdir("/d")
    fs.write("/d/f", "abc")
    with pytest.raises(FileNotFoundError):
        fs.remove("/d/g")
    with pytest.raises(NotADirectoryError):
        fs.remove("/d/f/g")
    with pytest.raises(ValueError):
        fs.remove("/")
    with pytest.raises(ValueError):
        fs.remove("")
    assert fs.size("/") == 3
    assert fs.ls("/d") == ["f"]


def test_removed_directory_is_gone_entirely():
    fs = MemoryFS()
    fs.mkdir("/d/e/f")
    fs.write("/d/e/f/x", "123")
    fs.remove("/d")
    with pytest.raises(FileNotFoundError):
        fs.ls("/d/e")
    fs.mkdir("/d/e")
    assert fs.ls("/d/e") == []
    assert fs.size("/d") == 0
    assert fs.size("/") == 0


def test_write_after_remove_recreates_with_new_size():
    fs = MemoryFS()
    fs.write("/f", "12345")
    fs.remove("/f")
    fs.append("/f", "1")
    assert fs.size("/f") == 1
    assert fs.size("/") == 1


def test_random_sizes_against_model():
    rng = random.Random(7)
    fs = MemoryFS()
    dirs = ["/a", "/a/b", "/a/b/c", "/d", "/d/e"]
    for d in dirs:
        fs.mkdir(d)
    files: dict[str, str] = {}
    alphabet = "aé€😀"
    for _ in range(3000):
        d = rng.choice(dirs)
        path = d + "/f" + str(rng.randrange(4))
        op = rng.random()
        content = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        if op < 0.35:
            fs.write(path, content)
            files[path] = content
        elif op < 0.7:
            fs.append(path, content)
            files[path] = files.get(path, "") + content
        elif op < 0.8:
            if path in files:
                fs.remove(path)
                del files[path]
            else:
                with pytest.raises(FileNotFoundError):
                    fs.remove(path)
        else:
            q = rng.choice(["/", *dirs])
            prefix = q.rstrip("/") + "/"
            expected = sum(len(c.encode()) for p, c in files.items() if p.startswith(prefix))
            got = fs.size(q)
            assert type(got) is int and got == expected

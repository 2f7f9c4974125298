"""The one host-side copy: symlinks at any depth, special files, caps, and a real race."""

from __future__ import annotations

import os
import secrets
import socket
import stat
import subprocess
import threading
import time
from pathlib import Path

import pytest

from harness.safecopy import CopyLimits, CopyRefused, copy_tree, scan_tree


def _canary(tmp_path: Path) -> tuple[Path, str]:
    """A private folder holding a 0600 file with a random token in it."""
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    token = secrets.token_hex(16)
    secret = private / "secret.txt"
    secret.write_text(token)
    secret.chmod(0o600)
    return private, token


def nest(root: Path, levels: int) -> None:
    """``levels`` folders one inside the other (os.makedirs would recurse too deep)."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(levels):
        os.mkdir("d", dir_fd=fd)
        child = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = child
    os.close(fd)


def _holds(folder: Path, token: str) -> list[Path]:
    return [p for p in folder.rglob("*")
            if p.is_file() and not p.is_symlink() and token.encode() in p.read_bytes()]


def test_copies_files_and_folders_with_modes(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "pkg" / "deep").mkdir(parents=True)
    (src / "a.py").write_text("a = 1\n")
    (src / "pkg" / "deep" / "b.txt").write_text("b")
    (src / "run.sh").write_text("#!/bin/sh\n")
    (src / "run.sh").chmod(0o700)
    report = copy_tree(src, tmp_path / "dest")
    assert sorted(report.files) == ["a.py", "pkg/deep/b.txt", "run.sh"]
    assert report.bytes == len("a = 1\n") + 1 + len("#!/bin/sh\n")
    assert (tmp_path / "dest" / "pkg" / "deep" / "b.txt").read_text() == "b"
    assert stat.S_IMODE((tmp_path / "dest" / "a.py").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "dest" / "run.sh").stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "dest" / "pkg").stat().st_mode) == 0o755
    assert report.skipped == ()


def test_symlinks_at_any_depth_are_skipped_and_reported(tmp_path: Path) -> None:
    private, token = _canary(tmp_path)
    src = tmp_path / "src"
    (src / "a" / "b" / "c").mkdir(parents=True)
    (src / "a" / "b" / "c" / "leak.txt").symlink_to(private / "secret.txt")
    (src / "a" / "dirlink").symlink_to(private)
    report = copy_tree(src, tmp_path / "dest")
    assert {s.path: s.reason for s in report.skipped} == {
        "a/b/c/leak.txt": "a symlink", "a/dirlink": "a symlink"}
    assert _holds(tmp_path / "dest", token) == []
    assert "a/dirlink (a symlink)" in report.note("the submission")


def test_special_files_are_skipped(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    os.mkfifo(src / "fifo")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(src / "sock"))
    try:
        report = copy_tree(src, tmp_path / "dest")
    finally:
        sock.close()
    assert {s.path: s.reason for s in report.skipped} == {"fifo": "a FIFO", "sock": "a socket"}


def test_a_device_node_is_not_read(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.fail("this test makes a device node with mknod: run it as root")
    src = tmp_path / "src"
    src.mkdir()
    os.mknod(src / "zero", 0o644 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero
    report = copy_tree(src, tmp_path / "dest")
    assert [s.reason for s in report.skipped] == ["a character device"]
    assert not (tmp_path / "dest" / "zero").exists()


def test_bytes_are_capped_by_what_is_read(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    with (src / "sparse").open("wb") as fh:
        fh.truncate(10 << 30)  # 10 GiB that take no disk
    with pytest.raises(CopyRefused, match="MiB of files in all"):
        copy_tree(src, tmp_path / "dest")
    (src / "sparse").unlink()
    (src / "a").write_bytes(b"x" * 3000)
    (src / "b").write_bytes(b"x" * 3000)
    with pytest.raises(CopyRefused, match=r"^.*b: more than"):
        copy_tree(src, tmp_path / "dest2", limits=CopyLimits(bytes=5000))


def test_depth_count_and_name_caps(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    nest(src, 1100)
    with pytest.raises(CopyRefused, match="deeper than"):
        copy_tree(src, tmp_path / "dest")
    subprocess.run(["rm", "-rf", str(src)], check=True)  # shutil.rmtree recurses too deep
    many = tmp_path / "many"
    many.mkdir()
    for i in range(30):
        (many / f"f{i}").write_text("x")
    with pytest.raises(CopyRefused, match="more than 20 files"):
        copy_tree(many, tmp_path / "dest2", limits=CopyLimits(files=20))
    with pytest.raises(CopyRefused, match="longer than 2 bytes"):
        copy_tree(many, tmp_path / "dest3", limits=CopyLimits(name=2))


def test_an_intermediate_symlinked_folder_is_refused(tmp_path: Path) -> None:
    private, token = _canary(tmp_path)
    root = tmp_path / "package"
    root.mkdir()
    (root / "tests").symlink_to(private)
    with pytest.raises(CopyRefused, match="symlinks are never followed"):
        copy_tree(root / "tests" / "secret.txt", tmp_path / "dest", within=root)
    (root / "real").mkdir()
    (root / "real" / "inner").symlink_to(private, target_is_directory=True)
    with pytest.raises(CopyRefused, match="is a symlink"):
        copy_tree(root / "real" / "inner", tmp_path / "dest", within=root)
    with pytest.raises(CopyRefused, match=r"not inside|leaves"):
        copy_tree(private / "secret.txt", tmp_path / "dest", within=root)
    assert _holds(tmp_path / "dest", token) == []


def test_the_destination_is_never_followed_or_overwritten(tmp_path: Path) -> None:
    private, token = _canary(tmp_path)
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "x.txt").write_text("new")
    (src / "keep.txt").write_text("new")
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "sub").symlink_to(private)
    (dest / "keep.txt").write_text("mine")
    report = copy_tree(src, dest)
    assert (dest / "keep.txt").read_text() == "mine"
    assert (private / "secret.txt").read_text() == token
    assert not (private / "x.txt").exists()
    assert {s.path for s in report.skipped} == {"sub", "keep.txt"}


def test_scan_lists_what_a_copy_would_skip(tmp_path: Path) -> None:
    private, _token = _canary(tmp_path)
    root = tmp_path / "package"
    (root / "tests" / "l1").mkdir(parents=True)
    (root / "tests" / "l1" / "test_a.py").write_text("")
    (root / "tests" / "l1" / "data").symlink_to(private)
    report = scan_tree(root)
    assert report.files == ("tests/l1/test_a.py",)
    assert [(s.path, s.reason) for s in report.skipped] == [("tests/l1/data", "a symlink")]


COPIES = 6000


def test_a_folder_swapped_for_a_symlink_during_the_copy_is_never_followed(tmp_path: Path) -> None:
    """TOCTOU: a thread keeps swapping ``sub/d`` between a real folder and a symlink to
    the private folder while copies run; no copy may ever hold the token."""
    private, token = _canary(tmp_path)
    src = tmp_path / "src"
    (src / "sub" / "d").mkdir(parents=True)
    (src / "sub" / "d" / "f.txt").write_text("harmless")
    stop = threading.Event()
    swaps = 0

    def swapper() -> None:
        nonlocal swaps
        d, real = src / "sub" / "d", src / "sub" / "d_real"
        while not stop.is_set() and swaps < 2_000_000:  # bounded
            os.rename(d, real)
            os.symlink(private, d)
            time.sleep(0)  # let the copy run while ``d`` is a symlink, then while a folder
            os.unlink(d)
            os.rename(real, d)
            time.sleep(0)
            swaps += 1

    thread = threading.Thread(target=swapper)
    thread.start()
    skipped = 0
    try:
        for i in range(COPIES):
            report = copy_tree(src, tmp_path / "copies" / str(i))
            skipped += len(report.skipped)
    finally:
        stop.set()
        thread.join()
    print(f"{swaps} swaps during {COPIES} copies; {skipped} entries skipped as they changed")
    assert swaps > 100
    assert skipped > 0  # the race was really hit
    assert _holds(tmp_path / "copies", token) == []


def test_the_source_itself_is_followed_as_given(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.py").write_text("a")
    (tmp_path / "given").symlink_to(real)  # e.g. `harness grade` on a symlinked folder
    assert copy_tree(tmp_path / "given", tmp_path / "dest").files == ("a.py",)

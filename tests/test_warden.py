"""The bell's copy (harness/sandbox/warden.py) on the host: what it takes and what it skips.

The same file runs inside the session container as its main process; here its
copy is called directly on folders of the test's own."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest

from harness.sandbox import warden


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path, str]:
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    token = secrets.token_hex(16)
    (private / "secret.txt").write_text(token)
    ws = tmp_path / "ws"
    (ws / "pkg" / "deep").mkdir(parents=True)
    (ws / "main.py").write_text("print('hi')\n")
    (ws / "pkg" / "deep" / "mod.py").write_text("X = 1\n")
    (ws / "pkg" / "link").symlink_to(private)  # a folder link at depth
    (ws / "pkg" / "deep" / "leak.txt").symlink_to(private / "secret.txt")
    os.mkfifo(ws / "pkg" / "pipe")  # opened with O_NONBLOCK: never blocks the bell
    (ws / ".git").mkdir()
    (ws / ".git" / "HEAD").write_text("ref")
    sealed = tmp_path / "bell"
    sealed.mkdir(mode=0o700)
    return ws, sealed, token


def test_copies_regular_files_and_never_follows_a_link(tree: tuple[Path, Path, str]) -> None:
    ws, sealed, token = tree
    said = warden.freeze(str(ws), str(sealed))
    frozen = sealed / "frozen"
    copied = sorted(str(p.relative_to(frozen)) for p in frozen.rglob("*"))
    assert copied == ["main.py", "pkg", "pkg/deep", "pkg/deep/mod.py"]
    assert "pkg/link" in said and "pkg/pipe" in said and "leak.txt" in said
    assert (sealed / "rang").read_text() == said
    everything = b"".join(p.read_bytes() for p in sealed.rglob("*") if p.is_file())
    assert token.encode() not in everything


def test_caps_bytes(tree: tuple[Path, Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    ws, sealed, _ = tree
    (ws / "big.bin").write_bytes(b"x" * 5000)
    monkeypatch.setattr(warden, "FROZEN_BYTES", 1000)
    said = warden.freeze(str(ws), str(sealed))
    assert (sealed / "frozen" / "big.bin").stat().st_size == 1000
    assert "big.bin (past the byte cap: cut short)" in said
    assert "main.py (past the file or byte cap)" in said
    assert sum(p.stat().st_size for p in (sealed / "frozen").rglob("*") if p.is_file()) == 1000


def test_caps_depth_and_files(tree: tuple[Path, Path, str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    ws, sealed, _ = tree
    monkeypatch.setattr(warden, "FROZEN_DEPTH", 1)
    assert "./pkg/deep (too deep)" in warden.freeze(str(ws), str(sealed))
    other = sealed.parent / "bell2"
    other.mkdir()
    monkeypatch.setattr(warden, "FROZEN_FILES", 1)
    assert "./pkg (past the file or byte cap)" in warden.freeze(str(ws), str(other))
    assert [p.name for p in (other / "frozen").iterdir()] == ["main.py"]


def test_rings_once_and_replaces_a_half_made_copy(tree: tuple[Path, Path, str]) -> None:
    ws, sealed, _ = tree
    (sealed / "frozen" / "stale").mkdir(parents=True)  # an earlier container died mid-copy
    warden.freeze(str(ws), str(sealed))
    assert not (sealed / "frozen" / "stale").exists()
    (ws / "main.py").write_text("changed after the bell\n")
    assert warden.freeze(str(ws), str(sealed)) == "the bell had rung already"
    assert (sealed / "frozen" / "main.py").read_text() == "print('hi')\n"

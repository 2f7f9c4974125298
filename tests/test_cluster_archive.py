"""A submission's archive, packed for the cluster's database and unpacked by a worker: both
sides treat it as hostile (the database is shared)."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from harness.distributed.archive import pack, unpack
from harness.errors import UsageError


def _tar(*members: tuple[tarfile.TarInfo, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for info, data in members:
            tar.addfile(info, io.BytesIO(data) if data else None)
    return buffer.getvalue()


def test_pack_goes_through_the_safe_copy(tmp_path: Path) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "solution.py").write_text("X = 1\n")
    secret = tmp_path / "secret"
    secret.write_text("host secret")
    (sub / "link.py").symlink_to(secret)  # a link to a host file must not travel
    (sub / ".git").mkdir()
    (sub / ".git" / "config").write_text("x")
    out = unpack(pack(sub), tmp_path / "out")
    assert sorted(p.name for p in out.rglob("*")) == ["solution.py"]


def test_unpack_refuses_links_and_escapes(tmp_path: Path) -> None:
    link = tarfile.TarInfo("evil")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    with pytest.raises(UsageError, match="not a file or folder"):
        unpack(_tar((link, b"")), tmp_path / "a")
    escape = tarfile.TarInfo("../../escaped.py")
    escape.size = 2
    with pytest.raises(UsageError, match="unreadable"):
        unpack(_tar((escape, b"hi")), tmp_path / "b" / "c")
    assert not (tmp_path / "escaped.py").exists()


def test_unpack_stops_a_bomb_at_the_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import harness.distributed.archive as archive

    monkeypatch.setattr(archive, "SUBMISSION_CAP", 1000)
    big = tarfile.TarInfo("big.bin")
    big.size = 5000
    with pytest.raises(UsageError, match="beyond the submission caps"):
        unpack(_tar((big, b"\0" * 5000)), tmp_path / "d")
    assert not (tmp_path / "d" / "big.bin").exists()

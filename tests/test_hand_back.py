"""The zygote's hand-back (validators/hand_back.py), on this machine's own files: what
it copies, what it refuses, and as whom it writes.  The same run through a real
ready container is in tests/test_e2e_session.py."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from harness.sandbox.warm import _handed_back
from validators.hand_back import END, RESULTS, hand_back


def _folder(tmp_path: Path) -> Path:
    back = tmp_path / "back"
    back.mkdir(mode=0o700)
    return back


def test_the_results_file_is_handed_back_and_end_comes_last(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    results.write_bytes(b'{"version": 1}')
    back = _folder(tmp_path)
    hand_back(back, results)
    assert (back / RESULTS).read_bytes() == b'{"version": 1}'
    assert (back / END).read_text().startswith("oom_kills=")
    assert sorted(p.name for p in back.iterdir()) == [END, RESULTS]  # no temporary left
    assert _handed_back(back) == (b'{"version": 1}', int((back / END).read_text().split("=")[1]))


def test_a_link_planted_as_the_results_file_is_not_followed(tmp_path: Path) -> None:
    """In inprocess mode the tests' uid is the submission's: it may leave a symlink to
    a file only root reads where the results file goes."""
    secret = tmp_path / "secret"
    secret.write_text("root's only")
    results = tmp_path / "results.json"
    results.symlink_to(secret)
    back = _folder(tmp_path)
    hand_back(back, results)
    assert not (back / RESULTS).exists() and (back / END).exists()
    assert _handed_back(back) == (None, 0)


def test_a_fifo_as_the_results_file_does_not_hang_the_hand_back(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    os.mkfifo(results)
    back = _folder(tmp_path)
    done = threading.Thread(target=hand_back, args=(back, results), daemon=True)
    done.start()
    done.join(10)
    assert not done.is_alive(), "a FIFO held the hand-back"
    assert not (back / RESULTS).exists() and (back / END).exists()


def test_it_writes_as_the_folder_owner_and_never_into_a_folder_it_cannot_enter(
        tmp_path: Path) -> None:
    """The zygote's root holds no CAP_DAC_OVERRIDE: it writes as the folder's owner (the
    user running the harness).  As root here, that is seen with a folder given to
    another uid: the files are that uid's."""
    if os.getuid() != 0:
        pytest.fail("this test needs root (as `make test` runs it): it gives a folder away")
    results = tmp_path / "results.json"
    results.write_bytes(b"{}")
    back = _folder(tmp_path)
    os.chown(back, 43210, 43210)
    hand_back(back, results)
    assert {(p.stat().st_uid, p.stat().st_gid) for p in back.iterdir()} == {(43210, 43210)}


def test_a_missing_or_half_written_hand_back_is_not_believed(tmp_path: Path) -> None:
    back = _folder(tmp_path)
    assert _handed_back(back) is None  # no `end` yet: read back the old way
    (back / END).write_text("garbage")
    assert _handed_back(back) == (None, 0)  # nothing of the tests: every test `missing`
    (back / END).write_text("oom_kills=x")
    assert _handed_back(back) is None

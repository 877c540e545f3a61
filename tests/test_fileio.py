import errno
import os
import stat
from pathlib import Path

import pytest

from portfolio.errors import StorageFull, UserError
from portfolio.fileio import atomic_write


def test_writes_privately_and_replaces_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "cv.pdf"
    atomic_write(target, b"first")
    assert target.read_bytes() == b"first"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    atomic_write(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["cv.pdf"]


def test_disk_full_leaves_the_old_file_and_no_partial(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "export.csv"
    target.write_bytes(b"old")
    real_fsync = os.fsync

    def full(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(StorageFull, match="disk is full"):
        atomic_write(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        atomic_write(tmp_path / "nope" / "cv.pdf", b"x")

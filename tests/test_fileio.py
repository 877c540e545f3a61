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


@pytest.mark.parametrize("kind", ["fifo", "socket", "device"])
def test_an_output_that_exists_and_is_not_a_regular_file_is_refused_and_left(
    tmp_path: Path, kind: str
) -> None:
    import socket

    if kind == "fifo":
        target = tmp_path / "cv.pdf"
        os.mkfifo(target)
    elif kind == "socket":
        target = tmp_path / "s.sock"
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
        server.close()
    else:  # a link to a device node stands for one (creating a node needs root)
        target = tmp_path / "null.pdf"
        target.symlink_to("/dev/null")
    before = os.lstat(target)
    with pytest.raises(UserError, match="exists and is not a regular file"):
        atomic_write(target, b"%PDF")
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert Path("/dev/null").is_char_device()
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no partial left


def test_a_link_to_a_regular_file_is_still_written(tmp_path: Path) -> None:
    (tmp_path / "real.pdf").write_bytes(b"old")
    (tmp_path / "link.pdf").symlink_to(tmp_path / "real.pdf")
    atomic_write(tmp_path / "link.pdf", b"new")
    assert (tmp_path / "link.pdf").read_bytes() == b"new"

import errno
import os
import re
import socket
import stat
from pathlib import Path

import pytest

from portfolio import fileio
from portfolio.errors import StorageFull, UserError
from portfolio.fileio import (
    NotRegularFile,
    TooLarge,
    atomic_write,
    check_regular,
    open_regular,
    read_regular,
)

PACKAGE = Path(fileio.__file__).resolve().parent


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


# -- reading: only regular files --------------------------------------------------------------


@pytest.mark.timeout(20)
def test_a_fifo_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "badge.png"
    os.mkfifo(fifo)  # nobody writes to it: opening it the usual way would block forever
    with pytest.raises(NotRegularFile) as refused:
        read_regular(fifo, 1024)
    assert refused.value.kind == "a named pipe (FIFO)"
    assert str(refused.value) == f"{fifo} is a named pipe (FIFO), not a file."


@pytest.mark.timeout(20)
def test_a_fifo_swapped_in_after_the_check_is_refused_without_blocking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The race: the path was a regular file when it was checked, and is a FIFO when opened.
    fifo = tmp_path / "swapped.json"
    os.mkfifo(fifo)
    monkeypatch.setattr(fileio, "check_regular", lambda path: None)
    with pytest.raises(NotRegularFile, match="named pipe"), open_regular(fifo):
        pass


def test_devices_sockets_and_folders_are_refused_in_words(tmp_path: Path) -> None:
    with pytest.raises(NotRegularFile, match="is a device, not a file"):
        read_regular(Path("/dev/zero"), 1024)  # would read zeros until memory ran out
    with pytest.raises(NotRegularFile, match="is a folder, not a file"):
        read_regular(tmp_path, 1024)
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.sock"))
        with pytest.raises(NotRegularFile, match="is a socket, not a file"):
            check_regular(tmp_path / "s.sock")
    finally:
        server.close()


def test_a_regular_file_or_a_link_to_one_is_read(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_bytes(b"{}")
    (tmp_path / "link.json").symlink_to(target)
    assert read_regular(tmp_path / "link.json", 10) == b"{}"
    with open_regular(target) as handle:
        assert handle.read() == b"{}"
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "missing.json", 10)


def test_a_file_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    sparse = tmp_path / "huge.csv"
    with sparse.open("wb") as handle:
        handle.truncate(5 * 1024**3)  # 5 GB on paper, nothing on disk
    with pytest.raises(TooLarge) as refused:
        read_regular(sparse, 1024)
    assert refused.value.size == 5 * 1024**3


# Where the app reads a file the user named, it goes through fileio.open_regular. These calls
# open a path directly and are allowed only where the path is the app's own (or an archive
# member, or a file just checked as regular by the caller).
DIRECT_OPEN = re.compile(
    r"\.read_bytes\(|\.read_text\(|\.open\(\s*[\"']r|(?<![.\w`])open\((?!self|\))"
)
ALLOWED = {
    "assets.py",  # the app's own resources
    "export/fonts.py",  # the bundled font licence
    "db/revisions.py",  # the app's own migration scripts
}


def test_every_reader_of_user_named_paths_goes_through_the_one_rule() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name.startswith("ui/") or name in ALLOWED or name == "fileio.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            if DIRECT_OPEN.search(code) and "archive.open" not in code:
                offenders.append(f"{name}:{number}: {line.strip()}")
    assert not offenders, offenders

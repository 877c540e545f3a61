"""Files the safe way: written all or nothing and private by default; read only when regular.

Every reader of a path the user named (import, `--key`, `taxonomy import-esco`, `restore`,
`--db`) goes through `open_regular`: a named pipe, a device or a socket is refused before it is
opened, so nothing blocks on a FIFO or reads /dev/zero until memory runs out.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from portfolio.errors import StorageFull, UserError


@contextlib.contextmanager
def atomic_output(path: Path, mode: int = 0o600) -> Iterator[Path]:
    """Yield a private temporary path beside `path`; on success it is fsynced and renamed onto it.

    Whatever the block writes to the temporary path (bytes, an SQLite backup...) only replaces
    `path` once it is completely on disk. On any error the temporary file is removed, the old
    file is untouched, and OSErrors become a UserError (StorageFull when the disk is full).
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"Cannot write {path}: the folder {folder} does not exist.")
    if path.is_dir():
        raise UserError(f"Cannot write {path}: it is a folder; give a file name.")
    if path.exists() and not path.is_file():
        # A device, FIFO or socket: the rename below would silently replace it with our file.
        raise UserError(
            f"Cannot write {path}: it exists and is not a regular file (a device, pipe or "
            "socket); give the name of a file."
        )
    import tempfile  # (on first write: the first window reads through this module, writes nothing)

    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
    except OSError as exc:
        raise _os_error(path, exc) from None
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, mode)
        os.close(fd)
        yield tmp
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise _os_error(path, exc) from None
        raise
    fsync_folder(folder)


def atomic_write(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename it.

    An existing file is replaced only once the new one is completely on disk; on any error
    (disk full, permission) the temporary file is removed and the old file is untouched.
    """
    with atomic_output(path, mode) as tmp, tmp.open("wb") as handle:
        handle.write(data)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (best effort: not every platform allows it)."""
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _os_error(path: Path, exc: OSError) -> UserError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageFull(f"Cannot write {path}: the disk is full. Nothing was written.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UserError(f"Cannot write {path}: permission denied.")
    return UserError(f"Cannot write {path}: {exc.strerror or exc}.")


class NotRegularFile(UserError):
    """A path that names something other than a regular file (a FIFO, a device, a folder...).

    `problem` is the predicate alone ("is a named pipe (FIFO), not a file"), for callers that
    put the file name in front themselves.
    """

    def __init__(self, path: Path, kind: str) -> None:
        self.path = Path(path)
        self.kind = kind
        self.problem = f"is {kind}, not a file"
        super().__init__(f"{path} {self.problem}.")


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def check_regular(path: Path) -> os.stat_result:
    """The stat of `path` (links followed) when it is a regular file; NotRegularFile otherwise.

    OSError (FileNotFoundError, PermissionError...) passes through for the caller to word.
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFile(path, file_kind(info.st_mode))
    return info


@contextlib.contextmanager
def open_regular(path: Path) -> Iterator[BinaryIO]:
    """Open the regular file `path` for reading in binary; refuse anything else unopened.

    The path is checked before it is opened, and the opened descriptor again (O_NONBLOCK, so a
    FIFO swapped in between cannot block the open; fstat then refuses it).
    """
    check_regular(path)
    nonblock = getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, os.O_RDONLY | nonblock | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path, file_kind(info.st_mode))
        if nonblock:
            os.set_blocking(fd, True)
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        yield handle


class TooLarge(Exception):
    """Raised by `read_regular` for a file over its limit; `size` is its size on disk, or None
    when it grew past the limit while it was read."""

    def __init__(self, size: int | None) -> None:
        self.size = size
        super().__init__(size)


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, refusing (TooLarge) a file over `limit` unread.

    Raises NotRegularFile or OSError like `open_regular`; a file that grows past `limit` while
    it is read is refused too.
    """
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise TooLarge(size)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(None)
    return data

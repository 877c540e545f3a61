"""Writing files the safe way: all or nothing, private by default."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

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

"""Checks made before a portfolio file is opened for writing.

A file that is not ours, is empty, damaged, or written by a newer version is refused with its own
message and is never modified: every check here reads the file through a read-only connection.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from portfolio.errors import DatabaseRefused, UserError
from portfolio.paths import ensure_private_dir

# PRAGMA application_id marks a file as a Learner Portfolio database ("LPor").
APPLICATION_ID = 0x4C506F72
SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class FileState:
    """What the read-only inspection found."""

    revision: str | None  # Alembic revision recorded in the file, None before the first migration


def connect_readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)


def inspect_file(path: Path) -> FileState:
    """Refuse (DatabaseRefused) anything that is not a healthy portfolio of a known version."""
    from portfolio.db.migrate import known_revisions

    shown = str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except IsADirectoryError:
        raise DatabaseRefused(f"{shown} is a folder, not a portfolio file.", "not-sqlite") from None
    except OSError as exc:
        raise DatabaseRefused(f"Cannot read {shown}: {exc.strerror}.", "unreadable") from None
    if size == 0:
        raise DatabaseRefused(
            f"{shown} is an empty file (0 bytes), not a portfolio. It was left untouched; "
            "restore a backup or choose another file.",
            "empty",
        )
    if header != SQLITE_HEADER:
        raise DatabaseRefused(
            f"{shown} is not a portfolio database (it is not an SQLite file). It was left "
            "untouched.",
            "not-sqlite",
        )
    try:
        conn = connect_readonly(path)
    except sqlite3.Error as exc:
        raise DatabaseRefused(f"Cannot open {shown}: {exc}.", "damaged") from None
    try:
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
            fk_rows = conn.execute("PRAGMA foreign_key_check").fetchall()
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):
                raise DatabaseRefused(
                    f"{shown} is being written by another program; try again in a moment.",
                    "locked",
                ) from None
            raise DatabaseRefused(
                f"{shown} is damaged ({exc}). It was left untouched; restore a backup.",
                "damaged",
            ) from None
        except sqlite3.DatabaseError as exc:
            raise DatabaseRefused(
                f"{shown} is damaged ({exc}). It was left untouched; restore a backup.",
                "damaged",
            ) from None
        if problems != ["ok"]:
            raise DatabaseRefused(
                f"{shown} is damaged ({problems[0]}). It was left untouched; restore a backup.",
                "damaged",
            )
        if app_id != APPLICATION_ID:
            raise DatabaseRefused(
                f"{shown} belongs to another application (it is an SQLite file, but not a "
                "portfolio). It was left untouched.",
                "foreign",
            )
        if fk_rows:
            raise DatabaseRefused(
                f"{shown} is damaged ({len(fk_rows)} broken reference(s) between records). It "
                "was left untouched; restore a backup.",
                "damaged",
            )
        revision = _revision(conn)
    finally:
        conn.close()
    if revision is not None and revision not in known_revisions():
        raise DatabaseRefused(
            f"{shown} was written by a newer version of Learner Portfolio (schema {revision}). "
            "Install the newer version to open it; the file was left untouched.",
            "newer",
        )
    return FileState(revision)


def _revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    return None if row is None else str(row[0])


def create_new_file(path: Path) -> None:
    """Create an empty portfolio marked with our application id, atomically and with mode 0600."""
    ensure_private_dir(path.parent) if not path.parent.exists() else None
    tmp = path.with_name(f".{path.name}.creating-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.execute("PRAGMA user_version=1")
            conn.commit()
        finally:
            conn.close()
        # link() refuses to replace an existing file, so a portfolio created meanwhile by another
        # process is never clobbered.
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def backup_before_upgrade(path: Path, backup_dir: Path, from_revision: str | None) -> Path:
    """Copy the database with SQLite's online backup API before migrating it."""
    ensure_private_dir(backup_dir)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backup_dir / f"{path.stem}-pre-upgrade-{from_revision or 'none'}-{stamp}.sqlite"
    fd = os.open(target, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    os.close(fd)
    source = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    return target


def prepare_file(path: Path, *, create: bool, backup_dir: Path | None) -> None:
    """Make `path` ready to open: create it, or check it and back it up before an upgrade."""
    from portfolio.db.migrate import head_revision

    if not path.exists():
        if not create:
            raise UserError(f"{path} does not exist.")
        create_new_file(path)
        return
    state = inspect_file(path)
    if state.revision != head_revision() and state.revision is not None:
        backup_before_upgrade(
            path, backup_dir or path.parent / f"{path.stem}-backups", state.revision
        )
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)

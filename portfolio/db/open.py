"""Checks made before a portfolio file is opened for writing.

A file that is not ours, is empty, damaged, or written by a newer version is refused with its own
message and is never modified: every check here reads the file through a read-only connection.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from portfolio.db.revisions import file_revision
from portfolio.errors import DatabaseRefused, UserError
from portfolio.fileio import NotRegularFile, check_regular, open_regular
from portfolio.paths import ensure_private_dir

# PRAGMA application_id marks a file as a Learner Portfolio database ("LPor").
APPLICATION_ID = 0x4C506F72
SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class FileState:
    """What the read-only inspection found."""

    revision: str | None  # Alembic revision recorded in the file, None before the first migration


def connect_readonly(path: Path) -> sqlite3.Connection:
    from portfolio.db import lock  # the timeout is read at call time, so tests can shorten it

    return sqlite3.connect(
        f"file:{quote(str(path))}?mode=ro", uri=True, timeout=lock.BUSY_TIMEOUT_MS / 1000
    )


def inspect_file(path: Path) -> FileState:
    """Refuse (DatabaseRefused) anything that is not a healthy portfolio of a known version."""
    from portfolio.db.revisions import known_revisions

    shown = str(path)
    refuse_non_regular(path)
    try:
        size = path.stat().st_size
        with open_regular(path) as handle:
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
            if has_hot_journal(path) and "readonly" in str(exc).replace("-", ""):
                raise DatabaseRefused(
                    f"{shown} holds an unfinished save from a crash; opening it in Learner "
                    "Portfolio rolls that save back (everything saved before it is kept).",
                    "interrupted",
                ) from None
            if "locked" in str(exc):
                raise DatabaseRefused(
                    f"{shown} is being written by another program; try again in a moment.",
                    "locked",
                ) from None
            raise DatabaseRefused(
                f"{shown} is damaged ({' '.join(str(exc).split())}). It was left untouched; "
                "restore a backup.",
                "damaged",
            ) from None
        except sqlite3.DatabaseError as exc:
            raise DatabaseRefused(
                f"{shown} is damaged ({' '.join(str(exc).split())}). It was left untouched; "
                "restore a backup.",
                "damaged",
            ) from None
        if problems != ["ok"]:
            raise DatabaseRefused(
                f"{shown} is damaged ({' '.join(problems[0].split())}). It was left untouched; "
                "restore a backup.",
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
        revision = file_revision(conn)
        problem = _schema_problem(conn, revision)
    finally:
        conn.close()
    if problem:
        raise DatabaseRefused(
            f"{shown} is marked as a portfolio but is not one ({problem}). It was left untouched.",
            "foreign",
        )
    if revision is not None and revision not in known_revisions():
        raise DatabaseRefused(
            f"{shown} was written by a newer version of Learner Portfolio (schema {revision}). "
            "Install the newer version to open it; the file was left untouched.",
            "newer",
        )
    return FileState(revision)


def refuse_non_regular(path: Path) -> None:
    """DatabaseRefused for a FIFO, a device or a socket named as a portfolio: opening one would
    block (a FIFO) or read forever (/dev/zero). A missing or unreadable path passes, for the
    caller's own words."""
    try:
        check_regular(path)
    except NotRegularFile as exc:
        if exc.kind == "a folder":
            raise DatabaseRefused(
                f"{path} is a folder, not a portfolio file.", "not-sqlite"
            ) from None
        raise DatabaseRefused(
            f"{path} is {exc.kind}, not a portfolio file. It was left untouched.", "not-sqlite"
        ) from None
    except OSError:
        pass


# Tables and columns every schema revision has had: a file stamped with our application_id
# must hold them (tests/db/test_open.py keeps this list within the models).
CORE_COLUMNS: dict[str, frozenset[str]] = {
    "learner": frozenset({"id", "name"}),
    "organization": frozenset({"id", "name"}),
    "credential": frozenset({"id", "learner_id", "title", "kind"}),
    "experience": frozenset({"id", "learner_id", "title"}),
    "skill": frozenset({"id", "label"}),
}


def _schema_problem(conn: sqlite3.Connection, revision: str | None) -> str | None:
    """Why a file stamped as ours does not hold a portfolio's schema, or None.

    Before the first migration (no revision) the file must hold no table at all: the app stamps
    a new file and creates its schema in one go, so tables there are someone else's.
    """
    tables = {
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not str(row[0]).startswith("sqlite_")
    }
    if revision is None:
        return f"it holds other tables: {', '.join(sorted(tables)[:3])}" if tables else None
    missing: list[str] = []
    for table, columns in CORE_COLUMNS.items():
        if table not in tables:
            missing.append(table)
            continue
        have = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
        missing.extend(f"{table}.{column}" for column in sorted(columns - have))
    if not missing:
        return None
    return f"it lacks {', '.join(missing[:4])}{', ...' if len(missing) > 4 else ''}"


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def companions(path: Path) -> list[Path]:
    """The side files SQLite may keep beside a database; they belong with it."""
    return [path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", "-shm")]


def has_hot_journal(path: Path) -> bool:
    try:
        return journal_path(path).stat().st_size > 0
    except OSError:
        return False


def recover_interrupted_save(path: Path) -> bool:
    """Roll back a save cut short by a crash (a hot journal), as SQLite does on open.

    A read-only connection cannot do it, so the inspection would otherwise take the file for
    damaged. Returns True when there was something to roll back.
    """
    if not has_hot_journal(path):
        return False
    try:
        with open_regular(path) as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return False
        conn = sqlite3.connect(path)
        try:
            # Any read makes SQLite roll the hot journal back under an exclusive lock.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except (OSError, sqlite3.Error, NotRegularFile):
        return False  # the inspection that follows reports the problem in words
    return True


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
    """A checked, atomic snapshot (kind "pre-upgrade") before migrating the database."""
    from portfolio.db.backup import create_backup

    return create_backup(path, "pre-upgrade", backup_dir=backup_dir).path


def prepare_file(path: Path, *, create: bool, backup_dir: Path | None) -> str | None:
    """Make `path` ready to open: create it, or check it and back it up before an upgrade.

    Returns the schema revision the file is at (None for a new file).
    """
    from portfolio.db import revisions

    if not path.exists():
        if not create:
            raise UserError(f"{path} does not exist.")
        create_new_file(path)
        return None
    recover_interrupted_save(path)
    try:
        state = inspect_file(path)
    except DatabaseRefused as exc:
        raise with_backup_offer(exc, path, backup_dir) from None
    if state.revision != revisions.head_revision() and state.revision is not None:
        backup_before_upgrade(
            path, backup_dir or path.parent / f"{path.stem}-backups", state.revision
        )
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
    return state.revision


def with_backup_offer(exc: DatabaseRefused, path: Path, backup_dir: Path | None) -> DatabaseRefused:
    """Add the newest good backup to the message about a damaged or empty portfolio."""
    if exc.reason not in ("damaged", "empty", "not-sqlite"):
        return exc
    from portfolio.db.backup import newest_good_backup

    newest = newest_good_backup(path, backup_dir)
    if newest is None:
        return exc
    message = (
        f"{exc} The newest good backup is from {newest.created:%Y-%m-%d %H:%M} "
        f"({newest.learners} learner(s)): restore it with `portfolio restore {newest.path}` "
        "or File ▸ Backups."
    )
    return DatabaseRefused(message, exc.reason, newest_backup=newest.path)

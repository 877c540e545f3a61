"""Checks made before a portfolio file is opened for writing.

A file that is not ours, is empty, damaged, or written by a newer version is refused with its own
message and is never modified: every check here reads the file through a read-only connection.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from portfolio.db.revisions import file_revision
from portfolio.errors import DatabaseRefused, UserError
from portfolio.fileio import NotRegularFile, TooLarge, check_regular, open_regular, read_regular
from portfolio.paths import ensure_private_dir

# PRAGMA application_id marks a file as a Learner Portfolio database ("LPor").
APPLICATION_ID = 0x4C506F72
SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class FileState:
    """What the read-only inspection found."""

    revision: str | None  # Alembic revision recorded in the file, None before the first migration


def file_uri(path: Path, query: str) -> str:
    """A `file:` URI for `path`: every character SQLite or a URI parser would read as syntax
    (`?`, `#`, `%`, spaces, non-ASCII) is percent-encoded, so the name is taken as it is."""
    return f"file:{quote(str(path), safe='/')}?{query}"


def private_temp_storage(conn: sqlite3.Connection) -> None:
    """Keep SQLite's temporary tables and sort files in memory: by default they go to /var/tmp
    or /tmp (`etilqs_*`), where learner data would sit outside the private data folder."""
    conn.execute("PRAGMA temp_store = MEMORY")


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection that takes SQLite's usual locks: for reading our own portfolio."""
    from portfolio.db import lock  # the timeout is read at call time, so tests can shorten it

    conn = sqlite3.connect(file_uri(path, "mode=ro"), uri=True, timeout=lock.BUSY_TIMEOUT_MS / 1000)
    private_temp_storage(conn)
    return conn


def connect_immutable(path: Path) -> sqlite3.Connection:
    """A connection that reads the main file alone and cannot change anything beside it.

    With `immutable=1` SQLite takes no lock, opens no -shm, ignores a -wal and never rolls a hot
    journal back: another application's live WAL database, or a newer version's interrupted
    save, stays byte for byte as it was. It sees the file as last written, so it serves to tell
    whose file it is and at which revision, not to read a portfolio that may be saving.
    """
    conn = sqlite3.connect(file_uri(path, "mode=ro&immutable=1"), uri=True)
    private_temp_storage(conn)
    return conn


@dataclass(frozen=True)
class Identity:
    """Whose file it is, read through `connect_immutable` (see `identify`)."""

    ours: bool  # stamped with our application_id
    revision: str | None  # as recorded in the main file; None when absent or unreadable
    readable: bool  # False when the main file alone could not be read (a save half-written)


# A file this size or smaller, with a hot journal, is read as it was before the interrupted
# save by replaying the journal in memory; a larger one is read as the crash left it.
COMMITTED_VIEW_MAX_BYTES = 256 * 1024 * 1024
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def committed_view(path: Path) -> sqlite3.Connection:
    """A connection that sees the file as of its last finished save, changing nothing.

    Without a hot journal this is `connect_immutable`. With one, the main file may hold half of
    an unfinished save (pages of a schema whose other pages were never written), so the journal
    is replayed onto a copy in memory, as SQLite's own rollback would do it on disk.
    """
    if has_hot_journal(path):
        with contextlib.suppress(OSError, ValueError, sqlite3.Error):
            image = _rolled_back_image(path)
            if image is not None:
                conn = sqlite3.connect(":memory:")
                private_temp_storage(conn)
                conn.deserialize(image)
                return conn
    return connect_immutable(path)


def _rolled_back_image(path: Path) -> bytes | None:
    """The bytes of `path` with its rollback journal played back (file format section 4.1),
    or None when the journal is not one SQLite would play back or the file is too large."""
    if path.stat().st_size > COMMITTED_VIEW_MAX_BYTES:
        return None
    try:  # (a journal is at most the file's size plus a header per page)
        journal = read_regular(journal_path(path), 2 * COMMITTED_VIEW_MAX_BYTES)
    except (OSError, NotRegularFile, TooLarge):
        return None
    if journal[:8] != JOURNAL_MAGIC or len(journal) < 28:
        return None
    first_size = int.from_bytes(journal[16:20], "big")
    sector = int.from_bytes(journal[20:24], "big")
    page_size = int.from_bytes(journal[24:28], "big")
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1) or sector < 28:
        return None
    image = bytearray(read_regular(path, COMMITTED_VIEW_MAX_BYTES))
    restored: set[int] = set()
    offset = 0
    record = 4 + page_size + 4
    while offset + 28 <= len(journal) and journal[offset : offset + 8] == JOURNAL_MAGIC:
        count = int.from_bytes(journal[offset + 8 : offset + 12], "big")
        nonce = int.from_bytes(journal[offset + 12 : offset + 16], "big")
        start = offset + sector
        if count == 0xFFFFFFFF:  # written without syncing: as many records as the file holds
            count = (len(journal) - start) // record
        for index in range(count):
            at = start + index * record
            if at + record > len(journal):
                break
            page_no = int.from_bytes(journal[at : at + 4], "big")
            data = journal[at + 4 : at + 4 + page_size]
            checksum = int.from_bytes(journal[at + 4 + page_size : at + record], "big")
            if page_no == 0 or checksum != _journal_checksum(nonce, data):
                break  # the rest of the journal was never synced: SQLite stops here too
            if page_no in restored:
                continue
            restored.add(page_no)
            end = page_no * page_size
            if len(image) < end:
                image.extend(bytes(end - len(image)))
            image[end - page_size : end] = data
        else:
            offset = start + count * record
            offset = -(-offset // sector) * sector  # the next segment starts on a sector
            continue
        break
    del image[first_size * page_size :]
    return bytes(image) if image[:16] == SQLITE_HEADER else None


def _journal_checksum(nonce: int, page: bytes) -> int:
    total = nonce
    for index in range(len(page) - 200, -1, -200):
        total += page[index]
    return total & 0xFFFFFFFF


def identify(path: Path) -> Identity:
    """Read the application id and the schema revision without touching the file or its side
    files. Raises sqlite3.DatabaseError when even the header cannot be read."""
    conn = committed_view(path)
    try:
        ours = conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        try:
            return Identity(ours, file_revision(conn), True)
        except sqlite3.DatabaseError:
            # Pages a crashed save left half-written (their old content is in the journal).
            return Identity(ours, None, False)
    finally:
        conn.close()


def _refuse_unless_ours_and_known(path: Path) -> None:
    """Refuse a foreign or newer file from an immutable read, before any connection that could
    roll back its journal or write its -shm is made."""
    from portfolio.db.revisions import known_revisions

    shown = str(path)
    try:
        conn = committed_view(path)
    except sqlite3.Error as exc:
        raise DatabaseRefused(f"Cannot open {shown}: {exc}.", "damaged") from None
    try:
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            if app_id != APPLICATION_ID:
                problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
                if problems != ["ok"]:
                    raise _damaged(shown, problems[0])
                raise DatabaseRefused(
                    f"{shown} belongs to another application (it is an SQLite file, but not a "
                    "portfolio). It was left untouched.",
                    "foreign",
                )
            revision = file_revision(conn)
            if revision is None or revision in known_revisions():
                return  # ours, at a version we know: the usual checks follow
            problem = _schema_problem(conn, revision)
        except sqlite3.DatabaseError as exc:
            if has_hot_journal(path):
                return  # stamped ours, a save half-written: the usual checks follow
            raise _damaged(shown, str(exc)) from None
    finally:
        conn.close()
    if problem:
        raise DatabaseRefused(
            f"{shown} is marked as a portfolio but is not one ({problem}). It was left untouched.",
            "foreign",
        )
    raise DatabaseRefused(
        f"{shown} was written by a newer version of Learner Portfolio (schema {revision}). "
        "Install the newer version to open it; the file was left untouched.",
        "newer",
    )


# Less free space than this beside a file with a hot journal: the save most likely failed for
# want of space (the app removes the journal of a failed save whenever SQLite lets it).
LOW_SPACE_BYTES = 1024 * 1024


def _unfinished_save(path: Path) -> str:
    """Why a file holds a hot journal, in the words the failed save itself used."""
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        free = LOW_SPACE_BYTES
    if free < LOW_SPACE_BYTES:
        return (
            f"{path}: the last save did not finish because the disk is full, and nothing of it "
            "was kept. Free some space, then open the portfolio to clear what is left of that "
            "save (everything saved before it is kept)."
        )
    return (
        f"{path} holds an unfinished save from a crash; opening it in Learner Portfolio rolls "
        "that save back (everything saved before it is kept)."
    )


def _damaged(shown: str, detail: str) -> DatabaseRefused:
    return DatabaseRefused(
        f"{shown} is damaged ({' '.join(detail.split())}). It was left untouched; restore a backup.",
        "damaged",
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
    _refuse_unless_ours_and_known(path)
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
                raise DatabaseRefused(_unfinished_save(path), "interrupted") from None
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
    from portfolio.db.revisions import known_revisions

    if not has_hot_journal(path):
        return False
    try:
        with open_regular(path) as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return False
        # Only our own file, at a version we know: another application's journal, or a newer
        # version's, is left as it is and the inspection refuses the file untouched.
        identity = identify(path)
        if not identity.ours or (identity.revision not in known_revisions() | {None}):
            return False
        conn = sqlite3.connect(path)
        private_temp_storage(conn)
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
        private_temp_storage(conn)
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

"""Checked, rotated backups made with SQLite's online backup API.

Every backup is copied page by page from a consistent snapshot of the live database (never a
plain file copy, which could catch a half-written transaction), written to a private temporary
file, verified with `PRAGMA integrity_check`, fsynced, and only then renamed into place.

Backups are named `<db stem>-<YYYYmmdd-HHMMSS>-<kind>.sqlite` in the backup folder, so the folder
can be read by a person and sorted by name. Kinds:

- `auto` (after changes, at most every AUTO_INTERVAL) is rotated in tiers: the KEEP_RECENT most
  recent are kept, plus the newest backup of each of the last KEEP_DAILY days, of each of the
  last KEEP_WEEKLY ISO weeks and of each of the last KEEP_MONTHLY months; the rest are deleted.
  With a change every day that is about a year of history in about 25 files.
- `manual` backups (`portfolio backup`, Back up now) are kept KEEP_MANUAL newest;
  `pre-upgrade`, `pre-import`, `pre-restore` and `pre-delete` (before a learner is deleted)
  snapshots KEEP_SNAPSHOTS of each kind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import logging
import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from portfolio.errors import DatabaseRefused, StorageFull, UserError, environment_error
from portfolio.fileio import atomic_output
from portfolio.paths import AppPaths, ensure_private_dir

if TYPE_CHECKING:
    from portfolio.db.engine import Database

log = logging.getLogger(__name__)

KEEP_RECENT = 4
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12
KEEP_SNAPSHOTS = 5
KEEP_MANUAL = 10
AUTO_INTERVAL = dt.timedelta(minutes=10)

TIERED_KINDS = ("auto",)
SNAPSHOT_KINDS = ("manual", "pre-upgrade", "pre-import", "pre-restore", "pre-delete")
KINDS = TIERED_KINDS + SNAPSHOT_KINDS

_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<seq>\d+))?-(?P<kind>[a-z-]+)\.sqlite$"
)


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as listed to the user."""

    path: Path
    created: dt.datetime
    kind: str
    size: int
    learners: int | None  # None when the file cannot be read as a portfolio

    @property
    def good(self) -> bool:
        return self.learners is not None


def backup_dir_for(db_path: Path) -> Path:
    """The folder holding `db_path`'s backups (see AppPaths.backup_dir)."""
    return AppPaths.from_environment().backup_dir(db_path)


def _connect_ro(path: Path) -> sqlite3.Connection:
    from portfolio.db.open import connect_readonly

    return connect_readonly(path)


def _storage_error(target: Path, exc: sqlite3.Error) -> UserError:
    text = str(exc)
    if "full" in text:
        return StorageFull(
            f"Cannot write the backup {target}: the disk is full. Nothing was written."
        )
    if "locked" in text or "busy" in text:
        return UserError(
            "Cannot back up now: the portfolio is busy with another program's write; try again."
        )
    return UserError(f"Cannot write the backup {target}: {text}.")


def copy_checked(source: Path, target: Path) -> int:
    """Copy the database `source` to `target` with the backup API, verified; return learners.

    `target` appears only once the copy passed `integrity_check` and is on disk; a failure leaves
    no file behind and any previous `target` untouched.
    """
    with atomic_output(target) as tmp:
        try:
            src = _connect_ro(source)
            try:
                dst = sqlite3.connect(tmp)
                try:
                    src.backup(dst)
                    # The copy is a standalone file: no journal to keep beside it.
                    dst.execute("PRAGMA journal_mode=DELETE")
                    problems = [row[0] for row in dst.execute("PRAGMA integrity_check")]
                    learners = _count_learners(dst)
                finally:
                    dst.close()
            finally:
                src.close()
        except sqlite3.Error as exc:
            raise _storage_error(target, exc) from None
        if problems != ["ok"]:
            raise UserError(
                f"The copy of {source} failed its integrity check ({problems[0]}); no backup was "
                "written. Run `portfolio check`."
            )
    return learners if learners is not None else 0


def _count_learners(conn: sqlite3.Connection) -> int | None:
    try:
        return int(conn.execute("SELECT count(*) FROM learner").fetchone()[0])
    except sqlite3.Error:
        return None


def _name(db_path: Path, when: dt.datetime, kind: str, folder: Path) -> Path:
    base = f"{db_path.stem}-{when.strftime(_STAMP)}"
    # Two backups in the same second keep both, and the later one always sorts newer: its number
    # follows the highest one present (a name that rotation freed is never reused, or the new
    # backup would sort oldest of its second and be rotated straight out).
    seqs = [
        int(match["seq"] or 1)
        for path in folder.glob(f"{glob.escape(base)}*-{kind}.sqlite")
        if (match := _NAME.match(path.name)) and match["stamp"] == when.strftime(_STAMP)
    ]
    seq = max(seqs, default=0) + 1
    return folder / (f"{base}-{kind}.sqlite" if seq == 1 else f"{base}-{seq}-{kind}.sqlite")


def create_backup(
    db_path: Path,
    kind: str = "manual",
    *,
    backup_dir: Path | None = None,
    target: Path | None = None,
    now: dt.datetime | None = None,
) -> BackupInfo:
    """Back up the portfolio at `db_path`: to `target`, or into the backup folder (rotated).

    The live file is checked first: a damaged or foreign file is refused (DatabaseRefused), so a
    bad copy never pushes good backups out of the rotation.
    """
    from portfolio.db.open import inspect_file

    if kind not in KINDS:
        raise ValueError(f"unknown backup kind {kind!r}")
    inspect_file(db_path)
    now = now or dt.datetime.now()
    try:
        if target is None:
            folder = ensure_private_dir(backup_dir or backup_dir_for(db_path))
            out = _name(db_path, now, kind, folder)
        else:
            out = Path(target)
            if out.is_dir():
                out = out / f"{db_path.stem}-{now.strftime(_STAMP)}-{kind}.sqlite"
            if out.exists() and out.resolve() == db_path.resolve():
                raise UserError(
                    f"{out} is the portfolio itself; choose another file for the backup."
                )
        learners = copy_checked(db_path, out)
    except OSError as exc:  # a read-only disk, a folder the user may not write to...
        raise environment_error(exc) or exc from None
    log.info("backup written (%s, %d learner(s))", kind, learners)
    if target is None:
        rotate(out.parent, db_path.stem, now=now)
    return BackupInfo(out, now, kind, out.stat().st_size, learners)


def backup_before(
    db: Database | Path, reason: str, *, backup_dir: Path | None = None
) -> BackupInfo | None:
    """A snapshot before a risky operation: `reason` is "import", "restore", "upgrade" or
    "delete" (a learner).

    Importers call `backup_before(db, "import")` before their transaction. Returns None when
    there is nothing to back up yet (a portfolio without learners).
    """
    path = db if isinstance(db, Path) else db.path
    if not path.exists():
        return None
    return create_backup(path, f"pre-{reason}", backup_dir=backup_dir)


def _parse(path: Path, stem: str | None) -> tuple[dt.datetime, str] | None:
    match = _NAME.match(path.name)
    if not match or (stem is not None and match["stem"] != stem):
        return None
    if match["kind"] not in KINDS:
        return None
    try:
        when = dt.datetime.strptime(match["stamp"], _STAMP)
    except ValueError:
        return None
    if match["seq"]:
        when += dt.timedelta(microseconds=int(match["seq"]))
    return when, match["kind"]


def _backup_files(folder: Path, stem: str | None) -> list[tuple[dt.datetime, str, Path]]:
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    found = []
    for entry in entries:
        parsed = _parse(entry, stem)
        if parsed and entry.is_file():
            found.append((parsed[0], parsed[1], entry))
    found.sort(key=lambda item: (item[0], item[2].name), reverse=True)
    return found


def list_backups(db_path: Path, backup_dir: Path | None = None) -> list[BackupInfo]:
    """Backups of `db_path`, newest first, each with its size and number of learners."""
    folder = backup_dir or backup_dir_for(db_path)
    infos = []
    for when, kind, path in _backup_files(folder, db_path.stem):
        infos.append(BackupInfo(path, when, kind, path.stat().st_size, _learners_in(path)))
    return infos


def _learners_in(path: Path) -> int | None:
    from portfolio.db.open import inspect_file

    try:
        inspect_file(path)
        conn = _connect_ro(path)
    except (DatabaseRefused, sqlite3.Error):
        return None
    try:
        return _count_learners(conn)
    finally:
        conn.close()


def newest_good_backup(db_path: Path, backup_dir: Path | None = None) -> BackupInfo | None:
    """The most recent backup that opens as a healthy portfolio, or None."""
    for info in list_backups(db_path, backup_dir):
        if info.good:
            return info
    return None


def choose_kept(
    backups: list[tuple[dt.datetime, str, Path]],
) -> set[Path]:
    """Which backups rotation keeps (see the module docstring); `backups` newest first."""
    keep: set[Path] = set()
    tiered = [item for item in backups if item[1] in TIERED_KINDS]
    keep.update(path for _when, _kind, path in tiered[:KEEP_RECENT])
    tiers: tuple[tuple[Callable[[dt.datetime], object], int], ...] = (
        (lambda d: d.date(), KEEP_DAILY),
        (lambda d: tuple(d.isocalendar())[:2], KEEP_WEEKLY),
        (lambda d: (d.year, d.month), KEEP_MONTHLY),
    )
    for key, count in tiers:
        seen: list[object] = []
        for when, _kind, path in tiered:
            bucket = key(when)
            if bucket in seen:
                continue
            if len(seen) == count:
                break
            seen.append(bucket)
            keep.add(path)  # the newest backup of this day / week / month
    for kind in SNAPSHOT_KINDS:
        count = KEEP_MANUAL if kind == "manual" else KEEP_SNAPSHOTS
        keep.update([path for _when, k, path in backups if k == kind][:count])
    return keep


def rotate(folder: Path, stem: str, *, now: dt.datetime | None = None) -> list[Path]:
    """Delete backups that fell out of every tier; return what was deleted."""
    backups = _backup_files(folder, stem)
    kept = choose_kept(backups)
    removed = []
    for _when, _kind, path in backups:
        if path not in kept:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    return removed


class AutoBackup:
    """Backs up after commits, at most every `interval`; `flush()` at exit saves the rest.

    `install()` hooks SQLAlchemy's after_commit event on the database's sessions, so every
    committed user action counts as a change. The backup runs on the committing thread; it takes
    a few milliseconds for a portfolio of typical size (see bench/bench_safety.py).
    """

    def __init__(
        self,
        database: Database,
        *,
        backup_dir: Path | None = None,
        interval: dt.timedelta = AUTO_INTERVAL,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self.database = database
        self.backup_dir = backup_dir or backup_dir_for(database.path)
        self.interval = interval
        self.clock = clock
        self.pending = False
        self.last: dt.datetime | None = None
        self._lock = threading.Lock()

    def install(self) -> AutoBackup:
        from sqlalchemy import event

        event.listen(self.database.session_factory, "after_commit", self._after_commit)
        return self

    def uninstall(self) -> None:
        from sqlalchemy import event

        event.remove(self.database.session_factory, "after_commit", self._after_commit)

    def _after_commit(self, _session: object) -> None:
        self.pending = True
        # The commit is done; the backup must never turn a saved change into an error.
        try:
            self.maybe_backup()
        except Exception:
            log.warning("automatic backup failed", exc_info=True)

    def _last_backup_time(self) -> dt.datetime | None:
        if self.last is None:
            for when, kind, _path in _backup_files(self.backup_dir, self.database.path.stem):
                if kind in ("auto", "manual"):
                    self.last = when
                    break
        return self.last

    def maybe_backup(self, now: dt.datetime | None = None) -> BackupInfo | None:
        """Back up if there are unsaved changes and the last backup is older than the interval."""
        with self._lock:
            now = now or self.clock()
            last = self._last_backup_time()
            if not self.pending or (last is not None and now - last < self.interval):
                return None
            return self._backup(now)

    def flush(self, now: dt.datetime | None = None) -> BackupInfo | None:
        """Back up pending changes now, whatever the interval (the app calls this at exit)."""
        with self._lock:
            return self._backup(now or self.clock()) if self.pending else None

    def _backup(self, now: dt.datetime) -> BackupInfo:
        info = create_backup(self.database.path, "auto", backup_dir=self.backup_dir, now=now)
        self.pending = False
        self.last = now
        return info


def describe(info: BackupInfo) -> str:
    """One line for people: date, kind, size, learners."""
    learners = "unreadable" if info.learners is None else f"{info.learners} learner(s)"
    return (
        f"{info.created:%Y-%m-%d %H:%M:%S}  {info.kind:<11}  {human_size(info.size):>9}  {learners}"
    )


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")

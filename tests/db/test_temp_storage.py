"""SQLite's temporary files hold learner data (sorts, temporary tables): they stay in memory.

By default SQLite writes them to /var/tmp or /tmp (`etilqs_*`), outside the private data folder;
a large import or the first window on a large portfolio did. Every connection the app makes sets
`PRAGMA temp_store = MEMORY` (2).
"""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from portfolio.db import open_database
from portfolio.db.backup import create_backup
from portfolio.db.check import check_database
from portfolio.db.engine import open_readonly
from portfolio.db.open import committed_view, connect_immutable, connect_readonly, inspect_file
from portfolio.db.stdlib_read import connect, list_learners_fast, snapshot
from portfolio.errors import DatabaseRefused
from portfolio.services.learners import create_learner
from portfolio.services.records import LearnerInput

MEMORY = 2

CRASH_MID_SAVE = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size=1")
conn.execute("BEGIN")
conn.execute("CREATE TABLE crash_filler (x TEXT)")
conn.executemany("INSERT INTO crash_filler VALUES (?)", [("z" * 200,) for _ in range(500)])
os._exit(0)
"""


def test_each_kind_of_connection_keeps_temporary_storage_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    for database in (open_database(path), open_readonly(path)):
        try:
            with database.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == MEMORY
        finally:
            database.dispose()
    for make in (connect_readonly, connect_immutable, connect, committed_view):
        conn = make(path)
        try:
            assert conn.execute("PRAGMA temp_store").fetchone()[0] == MEMORY, make.__name__
        finally:
            conn.close()


def test_every_connection_made_while_opening_checking_backing_up_and_recovering_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, int]] = []

    class Recording(sqlite3.Connection):
        def close(self) -> None:
            file = self.execute("PRAGMA database_list").fetchone()[2]
            name = Path(file).name if Path(file).is_absolute() else ":memory:"
            seen.append((name, self.execute("PRAGMA temp_store").fetchone()[0]))
            super().close()

    real_connect = sqlite3.connect

    def recording(*args, **kw):  # type: ignore[no-untyped-def]
        return real_connect(*args, factory=Recording, **kw)

    monkeypatch.setattr(sqlite3, "connect", recording)
    monkeypatch.setattr(sqlite3.dbapi2, "connect", recording)  # SQLAlchemy's pysqlite
    path = tmp_path / "p.sqlite"
    database = open_database(path)  # a new file, stamped, then the engine and its migration
    with database.session() as session:
        create_learner(session, LearnerInput(name="Zoë Kolb"))
    database.dispose()
    create_backup(path, "manual", backup_dir=tmp_path / "backups")
    assert check_database(path).ok
    assert [row.name for row in snapshot(path, list_learners_fast)] == ["Zoë Kolb"]
    subprocess.run([sys.executable, "-c", CRASH_MID_SAVE, str(path)], check=True, timeout=60)
    with pytest.raises(DatabaseRefused, match="unfinished save"):
        inspect_file(path)  # the journal replayed in memory, then the read-only check
    open_database(path).dispose()  # rolled back by a writer first
    kinds = {name for name, _ in seen}
    assert {"p.sqlite", ":memory:"} <= kinds
    assert any(name.startswith(".p.sqlite.creating") for name in kinds)
    assert any(name.endswith(".partial") for name in kinds)  # the backup being written
    assert len(seen) >= 10
    assert [entry for entry in seen if entry[1] != MEMORY] == []

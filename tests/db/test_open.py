"""Opening, creating and refusing portfolio files; migrations agree with the models."""

import hashlib
import sqlite3
import stat
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from portfolio.db import open_database
from portfolio.db.migrate import current_revision, head_revision, include_name
from portfolio.db.open import APPLICATION_ID, CORE_COLUMNS
from portfolio.errors import DatabaseRefused
from portfolio.models import Base


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_migrated_to_head_and_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "portfolio.sqlite"
    database = open_database(path)
    try:
        assert current_revision(database.engine) == head_revision()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        with database.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
    finally:
        database.dispose()


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    database = open_database(tmp_path / "p.sqlite")
    try:
        with database.engine.connect() as conn:
            # The FTS5 skill search table exists only in migrations (no model): skipped by name.
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_name": include_name}
            )
            assert compare_metadata(context, Base.metadata) == []
    finally:
        database.dispose()


def test_reopening_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    open_database(path).dispose()
    before = digest(path)
    open_database(path).dispose()
    assert digest(path) == before


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    conn.commit()
    conn.close()


def _stamped_foreign(path: Path) -> None:
    """Another application's tables in a file that carries our application_id."""
    _foreign(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.commit()
    conn.close()


def _stamped_at_head_without_our_tables(path: Path) -> None:
    """Our application_id and a revision we know, but a "learner" table of someone else's."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
    conn.execute("INSERT INTO alembic_version VALUES (?)", (head_revision(),))
    conn.execute("CREATE TABLE learner (id INTEGER PRIMARY KEY, handle TEXT)")
    conn.commit()
    conn.close()


def _newer(path: Path) -> None:
    open_database(path).dispose()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()


def _damaged(path: Path) -> None:
    open_database(path).dispose()
    data = bytearray(path.read_bytes())
    # Scribble over the second page (a b-tree page) but keep the header valid.
    data[4096 + 8 : 4096 + 1500] = b"\xff" * (1500 - 8)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("make", "reason", "words"),
    [
        (lambda p: p.write_bytes(b""), "empty", "empty file"),
        (lambda p: p.write_text("name,email\nZoë,z@example.org\n"), "not-sqlite", "not an SQLite"),
        (_foreign, "foreign", "another application"),
        (_stamped_foreign, "foreign", "marked as a portfolio but is not one"),
        (_stamped_at_head_without_our_tables, "foreign", "it lacks learner.name, organization"),
        (_newer, "newer", "newer version"),
        (_damaged, "damaged", "damaged"),
    ],
    ids=["empty", "text", "foreign", "stamped-foreign", "stamped-head", "newer", "damaged"],
)
def test_files_that_are_not_healthy_portfolios_are_refused_untouched(
    tmp_path: Path, make, reason: str, words: str
) -> None:
    path = tmp_path / "portfolio.sqlite"
    make(path)
    before = digest(path)
    mode = path.stat().st_mode
    with pytest.raises(DatabaseRefused) as info:
        open_database(path)
    assert info.value.reason == reason
    assert words in str(info.value)
    assert str(path) in str(info.value)
    assert digest(path) == before
    assert path.stat().st_mode == mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["portfolio.sqlite"]


def test_the_core_schema_a_stamped_file_must_hold_is_within_the_models() -> None:
    for table, columns in CORE_COLUMNS.items():
        assert columns <= set(Base.metadata.tables[table].columns.keys()), table


def test_a_missing_file_is_not_created_when_creation_is_off(tmp_path: Path) -> None:
    from portfolio.errors import UserError

    with pytest.raises(UserError, match="does not exist"):
        open_database(tmp_path / "absent.sqlite", create=False)
    assert not (tmp_path / "absent.sqlite").exists()


def test_the_read_only_open_never_writes(db) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy.exc
    from sqlalchemy import text

    from portfolio.db.engine import open_readonly

    before = db.path.read_bytes()
    reader = open_readonly(db.path)
    try:
        with reader.read_session() as session:
            assert session.execute(text("SELECT count(*) FROM learner")).scalar() == 0
        with (
            pytest.raises(sqlalchemy.exc.OperationalError, match=r"readonly|read-only"),
            reader.session() as session,
        ):
            session.execute(text("INSERT INTO learner (name) VALUES ('x')"))
    finally:
        reader.dispose()
    assert db.path.read_bytes() == before

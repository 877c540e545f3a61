"""Disk full, a fault at every statement of a save, a second instance, "database is locked"."""

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError as SAOperationalError

from portfolio.db import Database
from portfolio.db.lock import AlreadyOpen, InstanceLock
from portfolio.errors import StorageFull, UserError
from portfolio.models import Base, CredentialKind, CreditUnit
from portfolio.services.credentials import create_credential, update_credential
from portfolio.services.learners import create_learner
from portfolio.services.records import (
    CredentialInput,
    LearnerInput,
    RecognitionInput,
    SkillLinkInput,
)

FAULT = (sqlite3.OperationalError, SAOperationalError)


def row_counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            table: conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
            for table in Base.metadata.tables
        }


def rich_credential(title: str = "Data Analytics Certificate") -> CredentialInput:
    return CredentialInput(
        title=title,
        kind=CredentialKind.MICRO_CREDENTIAL,
        issuer="A Brand New College",
        skills=(
            SkillLinkInput(label="Brand New Skill One"),
            SkillLinkInput(label="Brand New Skill Two"),
            SkillLinkInput(label="Data analysis"),
        ),
        recognitions=(
            RecognitionInput(
                institution="Another New University", credit_value=3, credit_unit=CreditUnit.CREDITS
            ),
        ),
    )


@contextmanager
def fail_at_statement(db: Database, n: int) -> Iterator[list[str]]:
    """Raise an OSError-like fault from SQLite's side at the n-th statement (1-based)."""
    seen: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)
        if len(seen) == n:
            raise sqlite3.OperationalError("disk I/O error (injected)")

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def test_a_fault_at_any_statement_of_a_credential_save_rolls_the_whole_save_back(
    demo_db: Database,
) -> None:
    with demo_db.session() as session:
        learner_id = create_learner(session, LearnerInput(name="Fault Target"))
    before = row_counts(demo_db)

    class Counted(Exception):
        pass

    # Count the statements of the save, then roll it back so every run below is identical.
    with (
        pytest.raises(Counted),
        fail_at_statement(demo_db, 10_000) as seen,
        demo_db.session() as session,
    ):
        create_credential(session, learner_id, rich_credential())
        session.flush()
        raise Counted()
    statements = len(seen)  # BEGIN, then every INSERT and SELECT of the save
    assert row_counts(demo_db) == before
    assert statements >= 10  # a multi-statement save: org, skills, links, recognition...
    for n in range(1, statements + 1):
        with pytest.raises(FAULT), fail_at_statement(demo_db, n), demo_db.session() as session:
            create_credential(session, learner_id, rich_credential())
        assert row_counts(demo_db) == before, f"statement {n} of {statements} left rows behind"
    # The app is still usable.
    with demo_db.session() as session:
        create_credential(session, learner_id, rich_credential())
    assert row_counts(demo_db)["credential"] == before["credential"] + 1


def test_a_fault_during_an_update_keeps_the_old_version(demo_db: Database) -> None:
    with demo_db.session() as session:
        learner_id = create_learner(session, LearnerInput(name="Update Target"))
        cred_id = create_credential(session, learner_id, rich_credential())
    before = row_counts(demo_db)
    changed = rich_credential("Renamed")
    for n in (1, 3, 6, 9):
        with pytest.raises(FAULT), fail_at_statement(demo_db, n), demo_db.session() as session:
            update_credential(session, cred_id, changed)
        assert row_counts(demo_db) == before
    with demo_db.engine.connect() as conn:
        title = conn.execute(text("SELECT title FROM credential WHERE id=:i"), {"i": cred_id})
        assert title.scalar_one() == "Data Analytics Certificate"


def test_a_full_database_is_a_clear_message_and_loses_nothing(demo_db: Database) -> None:
    before = row_counts(demo_db)
    demo_db.engine.dispose()

    def cap(conn, _record) -> None:  # type: ignore[no-untyped-def]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages + 2}")

    event.listen(demo_db.engine, "connect", cap)
    try:
        with (
            pytest.raises(StorageFull, match=r"disk is full.*Nothing was saved"),
            demo_db.session() as session,
        ):
            learner_id = create_learner(session, LearnerInput(name="Too Big"))
            for i in range(200):
                create_credential(
                    session,
                    learner_id,
                    CredentialInput(
                        title=f"Course {i}", kind=CredentialKind.COURSE, description="x" * 4000
                    ),
                )
        assert row_counts(demo_db) == before
        with demo_db.session() as session:  # a small save still fits
            create_learner(session, LearnerInput(name="Small"))
    finally:
        event.remove(demo_db.engine, "connect", cap)
        demo_db.engine.dispose()
    assert row_counts(demo_db)["learner"] == before["learner"] + 1
    conn = sqlite3.connect(demo_db.path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_second_instance_gets_a_clear_message(cli, home: Path) -> None:
    assert cli("demo").code == 0
    assert cli("backup").code == 0
    script = (
        "import sys, time; from pathlib import Path; from portfolio.db.lock import InstanceLock\n"
        "lock = InstanceLock(Path(sys.argv[1])).acquire(); print('held', flush=True)\n"
        "sys.stdin.readline()\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", script, str(home / "portfolio.sqlite")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as other:
        assert other.stdout is not None and other.stdin is not None
        assert other.stdout.readline().strip() == "held"
        reading = cli("learners")  # a read-only command works beside the other instance
        second = cli("demo")  # commands that write refuse
        restore = cli("restore", "latest")
        other.stdin.write("\n")
        other.stdin.flush()
        other.wait(timeout=10)
    assert reading.code == 0 and "Samantha Kolb" in reading.out
    for result in (second, restore):
        assert result.code == 1
        assert "already open in another Learner Portfolio window" in result.err
        assert f"(process {other.pid})" in result.err
        assert "Traceback" not in result.err
    assert cli("learners").code == 0  # the lock went with the other process


def test_the_lock_is_released_even_when_the_holder_is_killed(tmp_path: Path) -> None:
    db_path = tmp_path / "p.sqlite"
    db_path.write_bytes(b"")
    script = "import sys, os, signal; from pathlib import Path; from portfolio.db.lock import InstanceLock\nInstanceLock(Path(sys.argv[1])).acquire(); os.kill(os.getpid(), signal.SIGKILL)"
    subprocess.run([sys.executable, "-c", script, str(db_path)], check=False)
    with InstanceLock(db_path) as lock:
        assert lock.held
        with pytest.raises(AlreadyOpen):
            InstanceLock(db_path).acquire()


def test_database_is_locked_never_reaches_the_user_as_a_traceback(
    cli, home: Path, demo_db: Database, monkeypatch
) -> None:
    cli("demo")
    db_file = home / "portfolio.sqlite"
    monkeypatch.setattr("portfolio.db.engine.BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr("portfolio.db.lock.BUSY_TIMEOUT_MS", 50)  # the read-only file checks
    blocker = sqlite3.connect(db_file, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        result = cli("demo")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert result.code == 1
    assert result.err.startswith("error: ")
    assert "busy" in result.err or "being written by another program" in result.err
    assert "Traceback" not in result.err


def test_locked_during_a_save_is_a_user_error(db: Database, monkeypatch) -> None:
    monkeypatch.setattr("portfolio.db.engine.BUSY_TIMEOUT_MS", 50)
    db.engine.dispose()
    blocker = sqlite3.connect(db.path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(UserError, match="busy"), db.session() as session:
            create_learner(session, LearnerInput(name="Blocked"))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()

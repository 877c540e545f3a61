"""Disk full, a fault at every statement of a save, a second instance, "database is locked"."""

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


# -- a real full disk (#18 group 5) ----------------------------------------------------------
# A small tmpfs, mounted in a private mount namespace (`unshare`, no root needed where user
# namespaces are allowed), makes every write past its size fail with ENOSPC, as a full disk does.
# SQLite then keeps the failed connection in an error state and leaves the journal behind: the
# file used to read as holding "an unfinished save from a crash" after "Nothing was saved".

FULL_DISK_SCENARIO = r"""
import contextlib, hashlib, io, json, os, shutil, subprocess, sys
from pathlib import Path
from typing import Any

folder, big_csv, crash = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)]).returncode:
    sys.exit(77)
from portfolio.cli import main
from portfolio.db import open_database
from portfolio.errors import StorageFull
from portfolio.models import CredentialKind
from portfolio.services.credentials import create_credential
from portfolio.services.records import CredentialInput

def run(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return {"code": code, "out": out.getvalue(), "err": err.getvalue()}

def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()

def fill(leave):
    with open(folder / f"filler-{leave}", "wb") as f:
        free = shutil.disk_usage(folder).free - leave
        with contextlib.suppress(OSError):
            while free > 0:
                f.write(b"\0" * min(free, 65536)); f.flush(); free -= 65536

report = {}
db, crashed = folder / "p.sqlite", folder / "q.sqlite"
run("--db", db, "demo")
run("--db", crashed, "demo")
subprocess.run([sys.executable, "-c", crash, str(crashed)], check=True)
fill(1_300_000)  # room for the pre-import backup, not for the import
before = digest(db)
report["import"] = run("--db", db, "import", big_csv, "--learner", "Audrey Heath")
report["journal_after_import"] = (folder / "p.sqlite-journal").exists()
report["same_bytes_after_import"] = digest(db) == before
report["check_after_import"] = run("--db", db, "check")
database = open_database(db, backup_dir=folder / "p-backups")
try:
    with database.session() as session:
        for i in range(1000):  # more than SQLite caches: it spills into the file mid-save
            create_credential(session, 1, CredentialInput(
                title=f"Course {i}", kind=CredentialKind.COURSE, description="x" * 4000))
    report["save"] = "saved"
except StorageFull as exc:
    report["save"] = str(exc)
report["journal_after_save"] = (folder / "p.sqlite-journal").exists()
report["same_bytes_after_save"] = digest(db) == before
database.dispose()
fill(0)  # the disk is now completely full, and q.sqlite holds a crashed save's journal
report["check_crashed_on_full_disk"] = run("--db", crashed, "check")
report["crashed_untouched_by_check"] = (folder / "q.sqlite-journal").exists()
for filler in folder.glob("filler-*"):
    filler.unlink()
report["check_crashed_with_space"] = run("--db", crashed, "check")
report["learners_crashed_with_space"] = run("--db", crashed, "learners")
report["check_crashed_after_open"] = run("--db", crashed, "check")
print(json.dumps(report))
"""

CRASH_MID_SAVE = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size=1")
conn.execute("BEGIN")
conn.execute("CREATE TABLE crash_filler (x TEXT)")
conn.executemany("INSERT INTO crash_filler VALUES (?)", [("z" * 200,) for _ in range(500)])
os._exit(0)
"""


UNSHARE = ("unshare", "--user", "--map-root-user", "--mount")


@pytest.fixture(scope="module")
def full_disk(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    import csv
    import json
    import os
    import shutil

    if not shutil.which("unshare") or not shutil.which("mount"):
        pytest.skip("needs unshare and mount (util-linux) for a private tmpfs")
    work = tmp_path_factory.mktemp("full-disk")
    big = work / "big.csv"
    with big.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "issuer", "description"])
        writer.writerows([f"Course {i}", f"Issuer {i}", "x" * 1500] for i in range(3000))
    disk = work / "disk"
    disk.mkdir()
    env = {**os.environ, "PORTFOLIO_HOME": str(work / "home")}
    result = subprocess.run(
        [*UNSHARE, sys.executable, "-c", FULL_DISK_SCENARIO, str(disk), str(big), CRASH_MID_SAVE],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    if result.returncode == 77 or "unshare" in result.stderr.split(":", 1)[0]:
        pytest.skip(f"no private mount namespace here: {result.stderr.strip()[:200]}")
    assert result.returncode == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout.splitlines()[-1])
    return report


def test_an_import_on_a_full_disk_says_nothing_was_saved_and_leaves_no_journal(
    full_disk: dict[str, Any],
) -> None:
    outcome = full_disk["import"]
    assert outcome["code"] == 1
    assert "the disk is full. Nothing was saved" in outcome["err"]
    assert outcome["err"].count("\n") == 1 and "Traceback" not in outcome["err"]
    assert full_disk["journal_after_import"] is False
    assert full_disk["same_bytes_after_import"] is True  # rolled back to the byte


def test_check_after_the_failed_import_finds_the_portfolio_healthy(
    full_disk: dict[str, Any],
) -> None:
    outcome = full_disk["check_after_import"]
    assert outcome["code"] == 0, outcome
    assert outcome["out"].startswith("ok: ")
    assert "unfinished save" not in outcome["out"]


def test_a_save_through_the_services_on_a_full_disk_leaves_no_journal(
    full_disk: dict[str, Any],
) -> None:
    assert "the disk is full. Nothing was saved" in full_disk["save"]
    assert full_disk["journal_after_save"] is False
    assert full_disk["same_bytes_after_save"] is True


def test_check_on_a_full_disk_says_the_save_failed_for_want_of_space_and_changes_nothing(
    full_disk: dict[str, Any],
) -> None:
    outcome = full_disk["check_crashed_on_full_disk"]
    assert outcome["code"] == 1
    assert "the last save did not finish because the disk is full" in outcome["out"]
    assert "nothing of it was kept" in outcome["out"]
    assert "crash" not in outcome["out"]
    assert full_disk["crashed_untouched_by_check"] is True


def test_with_space_again_the_unfinished_save_is_rolled_back_on_open(
    full_disk: dict[str, Any],
) -> None:
    assert "unfinished save" in full_disk["check_crashed_with_space"]["out"]
    assert full_disk["learners_crashed_with_space"]["code"] == 0
    assert "Audrey Heath" in full_disk["learners_crashed_with_space"]["out"]
    assert full_disk["check_crashed_after_open"]["out"].startswith("ok: ")


FILE_SIZE_LIMIT_SCENARIO = r"""
import os, resource, signal, sys
from pathlib import Path
from portfolio.db import open_database
from portfolio.models import CredentialKind
from portfolio.services.credentials import create_credential
from portfolio.services.learners import create_learner
from portfolio.services.records import CredentialInput, LearnerInput

path = Path(sys.argv[1])
database = open_database(path)
with database.session() as session:
    learner = create_learner(session, LearnerInput(name="Zoë Kolb"))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
limit = path.stat().st_size + 200_000
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    with database.session() as session:
        for i in range(1000):
            create_credential(session, learner, CredentialInput(
                title=f"Course {i}", kind=CredentialKind.COURSE, description="x" * 4000))
except Exception as exc:
    print(type(exc).__name__, "journal left" if Path(f"{path}-journal").exists() else "clean")
"""


def test_a_write_error_mid_save_leaves_no_journal_behind(tmp_path: Path) -> None:
    """The same without a full disk: a file-size limit makes SQLite's writes fail mid-save."""
    path = tmp_path / "p.sqlite"
    result = subprocess.run(
        [sys.executable, "-c", FILE_SIZE_LIMIT_SCENARIO, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split()[-1:] == ["clean"], (result.stdout, result.stderr)
    from portfolio.db.check import check_database

    report = check_database(path)
    assert report.ok, report.problems
    assert report.learners == 1 and report.credentials == 0

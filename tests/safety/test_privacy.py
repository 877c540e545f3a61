"""Privacy: private files, deleting a learner really removes them, no personal data in logs,
no network."""

import ast
import datetime as dt
import socket
import stat
from pathlib import Path

import pytest
from sqlalchemy import JSON, Boolean, Date, DateTime, Enum, Float, Integer, LargeBinary, Table
from sqlalchemy import String as SAString
from sqlalchemy.orm import Session

from portfolio.db import Database
from portfolio.db.backup import create_backup
from portfolio.models import Base
from portfolio.services.learners import delete_learner

PACKAGE = Path(__file__).resolve().parents[2] / "portfolio"


def owned_tables() -> list[Table]:
    """Every table whose rows belong to a learner: a CASCADE chain of foreign keys to `learner`."""
    owned = {"learner"}
    changed = True
    while changed:
        changed = False
        for table in Base.metadata.sorted_tables:
            if table.name in owned:
                continue
            for fk in table.foreign_keys:
                if fk.column.table.name in owned and (fk.ondelete or "").upper() == "CASCADE":
                    owned.add(table.name)
                    changed = True
                    break
    return [t for t in Base.metadata.sorted_tables if t.name in owned]


def _value(column, marker: str):  # type: ignore[no-untyped-def]
    kind = column.type
    if isinstance(kind, Enum):
        return kind.enums[0]
    if isinstance(kind, JSON):
        return [marker]
    if isinstance(kind, LargeBinary):
        return marker.encode()
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, DateTime):
        return dt.datetime(2024, 1, 1)
    if isinstance(kind, Date):
        return dt.date(2024, 1, 1)
    if isinstance(kind, Float):
        return 1.0
    if isinstance(kind, Integer):
        return 1
    if (
        isinstance(kind, SAString)
        or "String" in type(kind).__name__
        or "Text" in type(kind).__name__
    ):
        return f"{marker} {column.name}"
    return None


def insert_everywhere(session: Session, marker: str) -> int:
    """One row in every learner-owned table, every text column holding `marker`; the learner id."""
    shared: dict[str, int] = {}
    mine: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        row: dict[str, object] = {}
        is_owned = table in owned_tables()
        for column in table.columns:
            fks = list(column.foreign_keys)
            if fks:
                target = fks[0].column.table.name
                if target == table.name:
                    row[column.name] = None
                else:
                    row[column.name] = (mine if target in mine else shared).get(target)
                continue
            if column.primary_key and isinstance(column.type, Integer):
                continue
            if is_owned or (not column.nullable and column.default is None):
                value = _value(column, marker if is_owned else f"shared row {len(shared)}")
                if not is_owned and (column.unique or column.name.endswith("_key")):
                    value = f"shared {id(shared)}-{table.name}-{column.name}"
                if value is not None:
                    row[column.name] = value
        if not is_owned and table.name in shared:
            continue
        if table.name == "app_meta" or table.name == "alembic_version":
            continue
        result = session.execute(table.insert().values(**row))
        pk = result.inserted_primary_key
        key = pk[0] if pk and pk[0] is not None else 0
        (mine if is_owned else shared)[table.name] = int(key)
    return mine["learner"]


def counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            t.name: conn.exec_driver_sql(f'SELECT count(*) FROM "{t.name}"').scalar_one()
            for t in owned_tables()
        }


def test_the_owned_tables_cover_every_kind_of_learner_data() -> None:
    names = {t.name for t in owned_tables()}
    assert {
        "learner",
        "learner_language",
        "credential",
        "recognition",
        "credential_attachment",
        "credential_skill",
        "experience",
        "experience_skill",
        "learner_skill",
        "session_note",
        "session_action",
        "cv_variant",
        "cv_variant_item",
        "learner_target_role",
        "pathway",
        "pathway_item",
    } <= names


def test_deleting_a_learner_removes_every_row_and_the_bytes(db: Database) -> None:
    with db.session() as session:
        insert_everywhere(session, "Kept Client Kowalczyk")
    kept = counts(db)
    with db.session() as session:
        gone = insert_everywhere(session, "Zebulon Forgetme")
    assert all(counts(db)[name] == kept[name] + 1 for name in kept), counts(db)
    assert b"Zebulon Forgetme" in db.path.read_bytes()
    with db.session() as session:
        delete_learner(session, gone)
    assert counts(db) == kept
    db.dispose()
    data = db.path.read_bytes()
    assert b"Zebulon Forgetme" not in data  # secure_delete overwrote the freed cells
    assert b"Kept Client Kowalczyk" in data
    assert not db.path.with_name(db.path.name + "-journal").exists()


def test_database_backups_and_folders_are_private(cli, home: Path) -> None:
    assert cli("demo").code == 0
    assert cli("backup").code == 0
    for path in [home / "portfolio.sqlite", *(home / "backups").iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in (home, home / "backups", home / "logs"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE((home / "logs" / "portfolio.log").stat().st_mode) == 0o600


def test_logs_never_hold_names_emails_or_notes(cli, home: Path, monkeypatch) -> None:
    from portfolio.services.learners import create_learner
    from portfolio.services.records import LearnerInput

    name, email, note = "Philippa Quagmire", "pquagmire@example.org", "confided a medical leave"
    assert cli("demo").code == 0
    from portfolio.db import open_database

    database = open_database(home / "portfolio.sqlite")
    with database.session() as session:
        create_learner(session, LearnerInput(name=name, email=email, summary=note))
    database.dispose()
    assert name in cli("learners").out
    cli("backup")
    cli("gui", "--learner", "Philippa Nobody", "--exit-when-ready")

    def leaky(*_args: object) -> None:
        raise KeyError(f"{name} <{email}>: {note}")

    monkeypatch.setattr("portfolio.services.learners.list_learners", leaky)
    crashed = cli("learners")
    assert crashed.code == 70
    assert name not in crashed.err
    log = (home / "logs" / "portfolio.log").read_text(encoding="utf-8")
    assert "KeyError" in log and "Traceback" in log  # the bug is still reported...
    for secret in (name, "Quagmire", email, note, "Philippa"):
        assert secret not in log  # ...without the data it carried


def test_sockets_are_blocked_in_the_suite() -> None:
    from pytest_socket import SocketBlockedError

    with pytest.warns(UserWarning, match="socket"), pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


# Modules that can reach the network. An explicit, user-requested online check (badge
# verification) may be added here by name, and must only run when the user asks.
NETWORK_MODULES = {
    "socket",
    "ssl",
    "http",
    "urllib.request",
    "requests",
    "httpx",
    "ftplib",
    "smtplib",
    "xmlrpc",
    "aiohttp",
    "websocket",
}
ALLOWED_NETWORK_USERS: set[str] = {
    # `portfolio verify --online` only: fetches a hosted badge the user asked to check.
    "portfolio/importers/hosted.py",
}


def test_no_code_path_imports_a_network_module() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                if any(name == m or name.startswith(m + ".") for m in NETWORK_MODULES):
                    rel = str(path.relative_to(PACKAGE.parent))
                    if rel not in ALLOWED_NETWORK_USERS:
                        offenders.append(f"{rel}: {name}")
    assert offenders == []


def test_a_backup_of_a_deleted_learner_still_holds_them_until_it_rotates(
    db: Database, tmp_path: Path
) -> None:
    # What the README promises: the live file forgets at once, older backups only when they go.
    with db.session() as session:
        gone = insert_everywhere(session, "Octavia Backupson")
    backup = create_backup(db.path, "manual", backup_dir=tmp_path / "b")
    with db.session() as session:
        delete_learner(session, gone)
    db.dispose()
    assert b"Octavia Backupson" not in db.path.read_bytes()
    assert b"Octavia Backupson" in backup.path.read_bytes()

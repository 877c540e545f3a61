"""The first window paints from stdlib reads (no SQLAlchemy); the real database opens after."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portfolio.app import MODULES_AT_FIRST_PAINT, build_window
from portfolio.db import Database
from portfolio.db.lazy import LazyDatabase
from portfolio.db.open import has_hot_journal
from portfolio.services.credentials import list_credentials
from portfolio.services.expiry import expiry_counts
from portfolio.services.learners import find_learner, get_learner, list_learners
from portfolio.ui.settings import open_settings


def _gui(
    db_path: Path, home: Path, *extra: str, page: int | None = None
) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """`portfolio gui --exit-when-ready`; the modules loaded when the window first painted."""
    record = home / "modules.txt"
    if page is not None:  # the page the last session ended on
        home.mkdir(parents=True, exist_ok=True)
        (home / "gui-settings.ini").write_text(f"[session]\npage={page}\n")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PORTFOLIO_HOME": str(home),
        MODULES_AT_FIRST_PAINT: str(record),
    }
    args = [sys.executable, "-m", "portfolio", "--db", str(db_path), "gui", *extra, "--exit-when-ready"]  # fmt: skip
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
    modules = set(record.read_text().split()) if record.exists() else set()
    return result, modules


def _shown_window(database: object, settings_file: Path, page: int, qtbot):  # type: ignore[no-untyped-def]
    """Samantha's window opened on `page`, shown and painted (offscreen)."""
    settings = open_settings(settings_file)
    settings.setValue("session/page", page)
    window = build_window(
        database,  # type: ignore[arg-type]
        settings=settings,
        learner="Samantha",
        serial_tasks=True,
    )
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    qtbot.waitExposed(window)
    return window


def _orm(modules: set[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in {"sqlalchemy", "alembic"}}


def test_a_current_file_paints_the_profile_without_sqlalchemy(
    demo_db: Database, tmp_path: Path
) -> None:
    demo_db.dispose()
    result, modules = _gui(demo_db.path, tmp_path / "home", "--learner", "Samantha Kolb")
    assert result.returncode == 0, result.stderr
    assert "portfolio.ui.pages.profile_page" in modules  # the Profile page was built and painted
    assert "portfolio.db.first_screen" in modules
    assert not _orm(modules)


def test_a_real_session_paints_without_sqlalchemy_then_settles(
    demo_db: Database, tmp_path: Path
) -> None:
    """Not only the scripted first paint: a run that goes on (database opened on a worker
    thread, taxonomy and suggestion index loaded) paints without the ORM too, then settles."""
    demo_db.dispose()
    record = tmp_path / "modules.txt"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PORTFOLIO_HOME": str(tmp_path / "home"),
        MODULES_AT_FIRST_PAINT: str(record),
    }
    args = [sys.executable, "-m", "portfolio", "--db", str(demo_db.path), "gui", "--learner", "Samantha", "--exit-when-settled"]  # fmt: skip
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    modules = set(record.read_text().split())
    assert "portfolio.ui.pages.profile_page" in modules and not _orm(modules)


@pytest.mark.parametrize(("page", "module"), [(1, "credentials_page"), (2, "experience_page")])
def test_the_table_pages_paint_without_sqlalchemy_too(
    demo_db: Database, tmp_path: Path, page: int, module: str
) -> None:
    demo_db.dispose()
    result, modules = _gui(demo_db.path, tmp_path / "home", "--learner", "Audrey", page=page)
    assert result.returncode == 0, result.stderr
    assert f"portfolio.ui.pages.{module}" in modules
    assert not _orm(modules)
    # The settings file was read (the test really opened on Credentials) and kept.
    assert f"page={page}" in (tmp_path / "home" / "gui-settings.ini").read_text()


def test_a_page_without_a_stdlib_reader_still_opens_with_the_orm(
    demo_db: Database, tmp_path: Path
) -> None:
    demo_db.dispose()
    result, modules = _gui(demo_db.path, tmp_path / "home", page=3)  # Skills
    assert result.returncode == 0, result.stderr
    assert "portfolio.ui.pages.skills_page" in modules and _orm(modules)


def test_an_unknown_learner_is_the_same_error_as_before(demo_db: Database, tmp_path: Path) -> None:
    demo_db.dispose()
    result, _modules = _gui(demo_db.path, tmp_path / "home", "--learner", "Nobody Here")
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "Nobody Here" in result.stderr


def test_a_new_file_takes_the_usual_way(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    result, modules = _gui(path, tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert path.stat().st_size > 0  # created and migrated, as before
    assert "sqlalchemy" in modules


def test_a_refused_file_takes_the_usual_way(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    result, modules = _gui(path, tmp_path / "home")
    assert result.returncode != 0
    assert "empty file" in result.stderr and not modules
    assert path.read_bytes() == b""


def test_an_interrupted_save_is_rolled_back_the_usual_way(
    demo_db: Database, tmp_path: Path
) -> None:
    """A hot journal (a save cut short by a crash) needs a writer to roll it back: the stdlib
    read-only path is skipped and the database opens as it always did."""
    import sqlite3

    demo_db.dispose()
    conn = sqlite3.connect(demo_db.path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE learner SET headline = 'half-written'")
    # Keep the journal as a crash would leave it: copy it aside while the write is open.
    journal = demo_db.path.with_name(demo_db.path.name + "-journal")
    conn.execute("PRAGMA cache_size=1")
    conn.execute("UPDATE credential SET title = title || ' (changed)'")
    saved = journal.read_bytes()
    db_bytes = demo_db.path.read_bytes()
    conn.execute("ROLLBACK")
    conn.close()
    assert demo_db.path.read_bytes() != db_bytes  # the half-written pages really reached the file
    demo_db.path.write_bytes(db_bytes)
    journal.write_bytes(saved)
    assert has_hot_journal(demo_db.path)
    result, modules = _gui(demo_db.path, tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert _orm(modules)  # the usual path
    check = sqlite3.connect(demo_db.path)
    try:
        headlines = {h for (h,) in check.execute("SELECT headline FROM learner")}
        titles = [t for (t,) in check.execute("SELECT title FROM credential")]
    finally:
        check.close()
    assert "half-written" not in headlines and not any(t.endswith("(changed)") for t in titles)


def test_first_window_shows_the_services_data_then_opens_the_database(
    demo_db: Database, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    opened: list[Database] = []
    lazy = LazyDatabase(demo_db.path, lambda: demo_db, on_open=opened.append)
    window = _shown_window(lazy, tmp_path / "settings.ini", 1, qtbot)  # open on Credentials
    assert not lazy.is_open and not opened  # painted from the stdlib reads alone
    with demo_db.read_session() as s:
        learners, expiring = list_learners(s), expiry_counts(s)
        record = get_learner(s, find_learner(s, "Samantha").id)
        rows = list_credentials(s, record.id)
    combo = window.learner_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [x.name for x in learners]
    assert window._expiring == expiring and expiring
    assert window.expiry_button.isVisible() == (record.id in expiring)
    page = window.current_page()
    assert page.model.rows() and sorted(page.model.rows(), key=lambda r: r.id) == sorted(
        rows, key=lambda r: r.id
    )
    assert page.view.model().rowCount() == len(rows)
    window.show_page(0)
    page = window.current_page()
    assert page.record == record and page.name.text() == "Samantha Kolb"
    assert not lazy.is_open
    # A save goes through the services on the real database, opened then (with its hook).
    page.headline.setText("Counsellor-approved headline")
    page.save()
    assert lazy.is_open and opened == [demo_db]
    with demo_db.read_session() as s:
        assert get_learner(s, record.id).headline == "Counsellor-approved headline"
    assert not page.is_dirty()
    # Every later read goes through the services too.
    window.set_learner(learners[0].id)
    window.show_page(1)
    with demo_db.read_session() as s:
        assert window.current_page().model.total() == len(list_credentials(s, learners[0].id))
    window.close()


# Run in its own process: QApplication.exec() returning leaves Qt's "quit now" flag set, and
# every later modal dialog of the test session would then return at once.
SCRIPTED_SESSION = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import portfolio.app as app_module
from portfolio.cli.context import CliContext
from portfolio.paths import AppPaths

db_path, home = Path(sys.argv[1]), Path(sys.argv[2])
ctx = CliContext(paths=AppPaths(data_dir=home / "data", log_dir=home / "logs"), db_path=db_path)
built, seen, polls = [], {}, iter(range(1000))  # about 15 s: fail rather than hang
real_build = app_module.build_window

def build_and_keep(*args, **kwargs):
    built.append(real_build(*args, **kwargs))  # the window run_gui shows
    return built[-1]

app_module.build_window = build_and_keep

def step():
    window = built[0]
    if next(polls, None) is None:
        QApplication.instance().quit()
        return
    if not window._painted:
        if "hooked" not in seen:
            seen["hooked"] = True
            window.first_paint.connect(
                lambda: seen.setdefault("open_at_paint", window.ctx.database.is_open))
        QTimer.singleShot(10, step)
        return
    if not window.ctx.database.is_open:  # still opening on the worker thread
        QTimer.singleShot(20, step)
        return
    seen["orm_at_open"] = "sqlalchemy.orm" in sys.modules
    page = window.current_page()
    page.headline.setText("Saved after the background open")
    page.save()
    seen["saved"] = not page.is_dirty()
    window.close()
    QApplication.instance().quit()

QTimer.singleShot(0, step)
try:
    seen["code"] = app_module.run_gui(ctx, learner="Samantha", exit_when_ready=False,
                                      settings_file=home / "gui.ini")
finally:
    ctx.close()
seen.pop("hooked", None)
print(json.dumps(seen))
"""


def test_the_app_opens_the_database_after_the_first_paint_and_backs_up_saves(
    demo_db: Database, tmp_path: Path
) -> None:
    """The whole run_gui path: paint without the ORM, open the database on a worker thread,
    hook the automatic backup to it, save a change, and back it up when the app closes."""
    import json

    from portfolio.db.backup import list_backups
    from portfolio.paths import AppPaths

    demo_db.dispose()
    home = tmp_path / "home"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PORTFOLIO_HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPTED_SESSION, str(demo_db.path), str(home)],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {"open_at_paint": False, "orm_at_open": True, "saved": True, "code": 0}
    with demo_db.read_session() as s:
        assert get_learner(s, find_learner(s, "Samantha").id).headline == (
            "Saved after the background open"
        )
    backups = AppPaths(data_dir=home / "data", log_dir=home / "logs").backup_dir(demo_db.path)
    assert list_backups(demo_db.path, backups)  # the hook installed on open ran at exit


@pytest.mark.parametrize("page", [0, 1, 2], ids=["profile", "credentials", "experience"])
def test_the_first_window_looks_exactly_as_it_does_through_the_orm(
    demo_db: Database, qtbot, tmp_path: Path, page: int
) -> None:  # type: ignore[no-untyped-def]
    """Pixel for pixel: the stdlib reads show what the services show."""
    images = []
    for name, database in (
        ("lazy", LazyDatabase(demo_db.path, lambda: demo_db)),
        ("orm", demo_db),
    ):
        window = _shown_window(database, tmp_path / f"{name}.ini", page, qtbot)
        images.append(window.grab().toImage())
        assert getattr(database, "is_open", True) is (name == "orm")
        window.hide()
    assert images[0] == images[1]

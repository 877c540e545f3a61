"""The first window paints from a stdlib read (no SQLAlchemy); the real database opens after."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from portfolio.app import MODULES_AT_FIRST_PAINT, build_window
from portfolio.db import Database
from portfolio.db.first_screen import load_first_screen
from portfolio.db.lazy import LazyDatabase
from portfolio.services.expiry import expiry_counts
from portfolio.services.learners import find_learner, get_learner, list_learners
from portfolio.ui.settings import open_settings


def _gui(db_path: Path, home: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """`portfolio gui --exit-when-ready`; the modules loaded when the window first painted."""
    record = home / "modules.txt"
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


def test_a_current_file_paints_without_sqlalchemy(demo_db: Database, tmp_path: Path) -> None:
    result, modules = _gui(demo_db.path, tmp_path / "home", "--learner", "Samantha Kolb")
    assert result.returncode == 0, result.stderr
    assert "portfolio.ui.pages.profile_page" in modules  # the Profile page was built and painted
    assert "portfolio.db.first_screen" in modules
    assert not {m for m in modules if m.split(".")[0] in {"sqlalchemy", "alembic"}}


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


def test_first_window_shows_the_services_data_then_opens_the_database(
    demo_db: Database, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    lazy = LazyDatabase(demo_db.path, lambda: demo_db)
    screen = load_first_screen(demo_db.path, learner_name="Samantha")
    window = build_window(
        lazy,  # type: ignore[arg-type]
        settings=open_settings(tmp_path / "settings.ini"),
        learner="Samantha",
        serial_tasks=True,
        first_screen=screen,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert not lazy.is_open  # painted from the stdlib read alone
    with demo_db.read_session() as s:
        learners, expiring = list_learners(s), expiry_counts(s)
        record = get_learner(s, find_learner(s, "Samantha").id)
    combo = window.learner_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [x.name for x in learners]
    assert window._expiring == expiring and expiring
    assert window.expiry_button.isVisible() == (record.id in expiring)
    page = window.current_page()
    assert page.record == record and page.name.text() == "Samantha Kolb"
    assert page.headline.text() == record.headline
    # Any later read or save goes through the services on the real database.
    window.show_page(1)
    assert lazy.is_open and window.current_page().model.rowCount() == 7
    window.show_page(0)  # edits are made on the page the user sees
    page = window.current_page()
    page.headline.setText("Counsellor-approved headline")
    page.save()
    with demo_db.read_session() as s:
        assert get_learner(s, record.id).headline == "Counsellor-approved headline"
    assert not page.is_dirty()
    window.close()

"""Composition root of the desktop app: paths -> database -> QApplication -> main window."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from portfolio import APP_ID, APP_NAME, __version__
from portfolio.cli.context import CliContext
from portfolio.errors import UserError

if TYPE_CHECKING:
    from portfolio.db import Database
    from portfolio.db.first_screen import FirstScreen
    from portfolio.db.lazy import LazyDatabase
    from portfolio.ui.main_window import MainWindow

ORGANIZATION = "Learner Portfolio"
# Set to a file name: the names of the modules loaded at the first paint are written there.
MODULES_AT_FIRST_PAINT = "PORTFOLIO_MODULES_AT_FIRST_PAINT"
log = logging.getLogger(__name__)


def make_app() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORGANIZATION)
    app.setDesktopFileName(APP_ID)
    from portfolio.ui.style import app_icon

    app.setWindowIcon(app_icon())
    return app


def build_window(
    database: Database,
    *,
    settings: QSettings | None = None,
    learner: str | None = None,
    serial_tasks: bool = False,
    first_screen: FirstScreen | None = None,
) -> MainWindow:
    """The main window with its context and feature dialogs wired (run_gui, screenshots, tests)."""
    from portfolio.ui.context import AppBus, UiContext
    from portfolio.ui.main_window import MainWindow
    from portfolio.ui.settings import open_settings
    from portfolio.ui.tasks import TaskRunner
    from portfolio.ui.wiring import connect_features

    ctx = UiContext(
        database=database,
        bus=AppBus(),
        tasks=TaskRunner(serial=serial_tasks),
        undo_stack=QUndoStack(),
        first_screen=first_screen,
    )
    window = MainWindow(ctx, settings or open_settings(), initial_learner=learner)
    connect_features(window)
    return window


def run_gui(
    ctx: CliContext,
    *,
    learner: str | None,
    exit_when_ready: bool,
    settings_file: Path | None = None,
) -> int:
    """Open the main window; with `exit_when_ready`, quit 0 right after the first paint."""
    app = make_app()
    from portfolio.db.backup import AutoBackup
    from portfolio.ui.settings import open_settings, settings_path

    settings = open_settings(settings_file or settings_path(ctx.paths))
    fast = _first_screen(ctx, learner, settings)
    auto_backup: AutoBackup | None = None
    if fast is not None:
        # A healthy, current file: the first window paints from a stdlib read, and the ORM
        # (engine, mappers) and the auto-backup hook are set up right after that paint.
        database: Database | LazyDatabase | None = fast[0]
    else:
        from portfolio.ui.recovery import open_with_recovery

        # A damaged or empty file is explained, and the newest good backup offered, before any
        # window. (A scripted --exit-when-ready run never waits on a dialog: it gets the error.)
        database = ctx.database() if exit_when_ready else open_with_recovery(ctx)
        if database is None:
            return 1
        auto_backup = AutoBackup(database, backup_dir=ctx.backup_dir).install()
    window = build_window(
        cast("Database", database),
        settings=settings,
        learner=learner,
        first_screen=None if fast is None else fast[1],
    )

    def warm_up() -> None:
        # Right after the first paint: open the real database (SQLAlchemy, mappers) and hook
        # the auto-backup; from now on every page reads through the services.
        nonlocal auto_backup
        window.ctx.first_screen = None
        if fast is not None and auto_backup is None:
            auto_backup = AutoBackup(fast[0].open(), backup_dir=ctx.backup_dir).install()

    record = os.environ.get(MODULES_AT_FIRST_PAINT)
    if record:  # for tests and profiling: which modules the first window needed
        window.first_paint.connect(lambda: Path(record).write_text("\n".join(sorted(sys.modules))))
    if exit_when_ready:
        window.first_paint.connect(lambda: QTimer.singleShot(0, app.quit))
    else:
        from portfolio.ui.taxonomy_loader import start_taxonomy_load

        window.first_paint.connect(lambda: QTimer.singleShot(0, warm_up))
        # The taxonomy (and the suggestion index) load in the background after the first paint.
        window.first_paint.connect(
            lambda: QTimer.singleShot(500, lambda: start_taxonomy_load(window.ctx))
        )
    window.show()
    try:
        code = int(app.exec())
        if exit_when_ready:
            window.save_settings()
        window.ctx.tasks.wait()
        return code
    finally:
        if auto_backup is not None:  # None: the database was never opened (nothing changed)
            auto_backup.uninstall()
            try:
                auto_backup.flush()  # the last changes of the session, whatever the interval
            except UserError as exc:
                log.warning("final backup skipped: %s", type(exc).__name__)


def _first_screen(
    ctx: CliContext, learner: str | None, settings: QSettings
) -> tuple[LazyDatabase, FirstScreen] | None:
    """For a healthy file at the head revision: a database opened on first use, and the first
    screen read with stdlib sqlite3 (no ORM). None sends the caller the usual way (missing,
    refused or outdated file, locked by another window, unknown learner name...), which
    then says or offers exactly what it always did."""
    from portfolio.db.first_screen import load_first_screen
    from portfolio.db.lazy import LazyDatabase
    from portfolio.db.open import inspect_file
    from portfolio.db.revisions import head_revision

    path = ctx.db_path
    try:
        if not path.is_file() or inspect_file(path).revision != head_revision():
            return None
        ctx.lock()
        last = str(settings.value("session/learner_id") or "")
        screen = load_first_screen(
            path, learner_name=learner, learner_id=int(last) if last.isdigit() else None
        )
    except UserError:  # DatabaseRefused, AlreadyOpen, NotFound... are all UserErrors
        return None
    return LazyDatabase(path, ctx.database), screen

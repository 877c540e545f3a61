"""Composition root of the desktop app: paths -> database -> QApplication -> main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from portfolio import APP_ID, APP_NAME, __version__
from portfolio.cli.context import CliContext
from portfolio.db import Database
from portfolio.errors import UserError

if TYPE_CHECKING:
    from portfolio.ui.main_window import MainWindow

ORGANIZATION = "Learner Portfolio"
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
    from portfolio.ui.recovery import open_with_recovery
    from portfolio.ui.settings import open_settings, settings_path

    # A damaged or empty file is explained, and the newest good backup offered, before any window.
    # (A scripted --exit-when-ready run never waits on a dialog: it gets the error instead.)
    database = ctx.database() if exit_when_ready else open_with_recovery(ctx)
    if database is None:
        return 1
    auto_backup = AutoBackup(database, backup_dir=ctx.backup_dir).install()
    settings = open_settings(settings_file or settings_path(ctx.paths))
    window = build_window(database, settings=settings, learner=learner)
    if exit_when_ready:
        window.first_paint.connect(lambda: QTimer.singleShot(0, app.quit))
    else:
        from portfolio.ui.taxonomy_loader import start_taxonomy_load

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
        auto_backup.uninstall()
        try:
            auto_backup.flush()  # the last changes of the session, whatever the interval
        except UserError as exc:
            log.warning("final backup skipped: %s", type(exc).__name__)

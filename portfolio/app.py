"""Composition root of the desktop app: paths -> database -> QApplication -> main window."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from portfolio import APP_ID, APP_NAME, __version__
from portfolio.cli.context import CliContext
from portfolio.db import Database

if TYPE_CHECKING:
    from portfolio.ui.main_window import MainWindow

ORGANIZATION = "Learner Portfolio"


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
    """The main window with its context (used by run_gui, the screenshot script and tests)."""
    from portfolio.ui.context import AppBus, UiContext
    from portfolio.ui.main_window import MainWindow
    from portfolio.ui.settings import open_settings
    from portfolio.ui.tasks import TaskRunner

    ctx = UiContext(
        database=database,
        bus=AppBus(),
        tasks=TaskRunner(serial=serial_tasks),
        undo_stack=QUndoStack(),
    )
    window = MainWindow(ctx, settings or open_settings(), initial_learner=learner)
    return window


def _load_taxonomy_later(window: MainWindow) -> None:
    """Load or upgrade the built-in skills taxonomy off the UI thread, after start-up."""
    ctx = window.ctx

    def work(_progress: object) -> bool:
        from portfolio.services.taxonomy import ensure_builtin_taxonomy

        with ctx.database.session() as session:
            return ensure_builtin_taxonomy(session)

    def done(loaded: bool) -> None:
        if loaded:
            ctx.bus.status.emit("Skills taxonomy loaded")

    ctx.tasks.submit(work, on_done=done, on_error=lambda exc: ctx.bus.status.emit(str(exc)))


def run_gui(
    ctx: CliContext,
    *,
    learner: str | None,
    exit_when_ready: bool,
    settings_file: Path | None = None,
) -> int:
    """Open the main window; with `exit_when_ready`, quit 0 right after the first paint."""
    database = ctx.database()
    app = make_app()
    from portfolio.ui.settings import open_settings, settings_path

    settings = open_settings(settings_file or settings_path(ctx.paths))
    window = build_window(database, settings=settings, learner=learner)
    if exit_when_ready:
        window.first_paint.connect(lambda: QTimer.singleShot(0, app.quit))
    else:
        window.first_paint.connect(
            lambda: QTimer.singleShot(500, lambda: _load_taxonomy_later(window))
        )
    window.show()
    code = int(app.exec())
    if exit_when_ready:
        window.save_settings()
    window.ctx.tasks.wait()
    return code

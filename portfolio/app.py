"""Composition root of the desktop app: paths -> database -> QApplication -> main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from portfolio import APP_ID, APP_NAME, __version__
from portfolio.cli.context import CliContext


def run_gui(ctx: CliContext, *, learner: str | None, exit_when_ready: bool) -> int:
    """Open the main window; with `exit_when_ready`, quit 0 right after the first paint."""
    database = ctx.database()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)

    from portfolio.ui.main_window import MainWindow

    window = MainWindow(database, initial_learner=learner)
    if exit_when_ready:
        window.first_paint.connect(lambda: QTimer.singleShot(0, app.quit))
    window.show()
    return int(app.exec())

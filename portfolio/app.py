"""Composition root of the desktop app: paths -> database -> QApplication -> main window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from portfolio import APP_ID, APP_NAME, __version__
from portfolio.cli.context import CliContext
from portfolio.errors import UserError


def run_gui(ctx: CliContext, *, learner: str | None, exit_when_ready: bool) -> int:
    """Open the main window; with `exit_when_ready`, quit 0 right after the first paint."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)

    from portfolio.db.backup import AutoBackup
    from portfolio.ui.main_window import MainWindow
    from portfolio.ui.recovery import open_with_recovery

    # A damaged or empty file is explained, and the newest good backup offered, before any window.
    # (A scripted --exit-when-ready run never waits on a dialog: it gets the error instead.)
    database = ctx.database() if exit_when_ready else open_with_recovery(ctx)
    if database is None:
        return 1
    auto_backup = AutoBackup(database, backup_dir=ctx.backup_dir).install()
    window = MainWindow(database, initial_learner=learner)
    if exit_when_ready:
        window.first_paint.connect(lambda: QTimer.singleShot(0, app.quit))
    window.show()
    try:
        return int(app.exec())
    finally:
        auto_backup.uninstall()
        try:
            auto_backup.flush()  # the last changes of the session, whatever the interval
        except UserError as exc:
            logging.getLogger(__name__).warning("final backup skipped: %s", type(exc).__name__)

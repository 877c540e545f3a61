"""Composition root of the desktop app: paths -> database -> QApplication -> main window."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import Callable
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
    from portfolio.db.backup import AutoBackup
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
    exit_when_settled: bool = False,
    settings_file: Path | None = None,
) -> int:
    """Open the main window; with `exit_when_ready`, quit 0 right after the first paint; with
    `exit_when_settled`, once the work started after it (database, taxonomy) is done."""
    from portfolio.ui.platform_check import check_platform

    problem = check_platform()
    if problem:  # instead of Qt's abort: what is missing, and how to install it
        print(problem, file=sys.stderr)
        return 1
    app = make_app()
    from portfolio.ui.settings import open_settings, settings_path

    settings = open_settings(settings_file or settings_path(ctx.paths))
    backups: list[AutoBackup] = []

    def back_up_after_commits(database: Database) -> None:
        from portfolio.db.backup import AutoBackup

        backups.append(AutoBackup(database, backup_dir=ctx.backup_dir).install())

    lazy = _lazy_database(ctx, back_up_after_commits)
    database: Database | LazyDatabase | None = lazy
    if lazy is None:
        from portfolio.ui.recovery import open_with_recovery

        # A damaged or empty file is explained, and the newest good backup offered, before any
        # window. (A scripted --exit-when-ready run never waits on a dialog: it gets the error.)
        database = ctx.database() if exit_when_ready else open_with_recovery(ctx)
        if database is None:
            return 1
        back_up_after_commits(database)
    window = build_window(cast("Database", database), settings=settings, learner=learner)
    warm_up: threading.Thread | None = None

    def open_database_in_background() -> None:
        # Right after the first paint, SQLAlchemy is imported and the database opened on a
        # worker thread; the window stays responsive, and a save made meanwhile simply waits
        # for it (LazyDatabase.open is locked). From then on every page reads through the ORM.
        nonlocal warm_up
        assert lazy is not None
        warm_up = threading.Thread(target=_open_quietly, args=(lazy,), name="open-database")
        warm_up.start()

    record = os.environ.get(MODULES_AT_FIRST_PAINT)
    if record:  # for tests and profiling: which modules the first window needed
        window.first_paint.connect(lambda: Path(record).write_text("\n".join(sorted(sys.modules))))
    if exit_when_ready:
        window.first_paint.connect(lambda: QTimer.singleShot(0, app.quit))
    else:
        if lazy is not None:
            window.first_paint.connect(lambda: QTimer.singleShot(0, open_database_in_background))

        def load_taxonomy() -> None:
            # Imported here: the loader's services (and SQLAlchemy) are not needed to paint.
            from portfolio.ui.taxonomy_loader import start_taxonomy_load

            settled = (
                (lambda _loaded: QTimer.singleShot(0, app.quit)) if exit_when_settled else None
            )
            start_taxonomy_load(window.ctx, on_done=settled)

        # The taxonomy (and the suggestion index) load in the background after the first paint.
        window.first_paint.connect(lambda: QTimer.singleShot(500, load_taxonomy))
    window.show()
    restore_signals = _close_on_terminate(window, app)
    try:
        code = int(app.exec())
        if exit_when_ready or exit_when_settled:
            window.save_settings()
        window.ctx.tasks.wait()
        return code
    finally:
        restore_signals()
        if warm_up is not None:
            warm_up.join()
        for backup in backups:  # none if the database was never opened: nothing changed
            backup.uninstall()
            try:
                backup.flush()  # the last changes of the session, whatever the interval
            except UserError as exc:
                log.warning("final backup skipped: %s", type(exc).__name__)


def _close_on_terminate(window: MainWindow, app: QApplication) -> Callable[[], None]:
    """SIGTERM (a logout, `kill`, a service manager) and Ctrl+C in the terminal close the window
    as its close button does, so settings are saved and the final backup runs; returns the undo
    for the handlers."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None  # only the main thread may set signal handlers

    def terminate(_signum: int, _frame: object) -> None:
        # Python runs this between bytecodes of the main thread; let Qt close in its own loop.
        QTimer.singleShot(0, lambda: window.close() and app.quit())

    signals = (signal.SIGTERM, signal.SIGINT)
    previous = {number: signal.signal(number, terminate) for number in signals}
    # Python only sees a signal when it runs; a light timer wakes it while Qt waits for events.
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(200)

    def restore() -> None:
        wake.stop()
        wake.deleteLater()
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore


def _open_quietly(lazy: LazyDatabase) -> None:
    try:
        lazy.open()
    except Exception:  # the next read or save opens it again and reports the error there
        log.warning("opening the database after the first paint failed", exc_info=True)


def _lazy_database(ctx: CliContext, on_open: Callable[[Database], object]) -> LazyDatabase | None:
    """For a healthy file at the head revision, under the single-instance lock: a database the
    first window reads with stdlib sqlite3 and that opens the ORM on first use. None sends the
    caller the usual way (missing, refused, outdated or interrupted file, another window has
    it...), which then says or offers exactly what it always did."""
    from portfolio.db.lazy import LazyDatabase
    from portfolio.db.open import inspect_file
    from portfolio.db.revisions import head_revision

    path = ctx.db_path
    try:
        # (inspect_file also refuses a hot journal, a save cut short by a crash: rolling it back
        # needs a writer, which the usual way is.)
        if not path.is_file() or inspect_file(path).revision != head_revision():
            return None
        ctx.lock()
    except UserError:  # DatabaseRefused, AlreadyOpen... are UserErrors
        return None
    return LazyDatabase(path, ctx.database, on_open)

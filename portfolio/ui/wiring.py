"""Connect the feature dialogs (import, backups, ESCO) to the main window's requests.

The main window only announces what the user asked for (signals, `bus.files_dropped`); this module
decides which dialog answers, so the window stays free of feature imports and start-up stays lean
(each dialog module is imported when first needed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from portfolio.ui.main_window import MainWindow

IMPORT_FILTER = (
    "Portfolios, badges and resumes (*.png *.svg *.json *.jwt *.zip *.csv *.lpportfolio);;"
    "All files (*)"
)


def _open_import(window: MainWindow, paths: list[Path]) -> None:
    from portfolio.ui.dialogs.import_dialog import ImportDialog

    if not paths:
        return
    dialog = ImportDialog(window.ctx, [Path(p) for p in paths], window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.imported.connect(lambda summary: _show_imported(window, summary))
    dialog.open()


def _unsaved_work(window: MainWindow) -> bool:
    from portfolio.ui.unsaved import HoldsUnsavedWork

    pages = (window.stack.widget(i) for i in range(window.stack.count()))
    return any(isinstance(p, HoldsUnsavedWork) and p.has_unsaved_work() for p in pages)


def _show_imported(window: MainWindow, summary: Any) -> None:
    """After an import the window shows the learner it went to, and says so if it switched;
    unsaved edits keep the learner on screen (switching would drop them unasked)."""
    if summary.learner_id == window.ctx.learner_id:
        return
    if _unsaved_work(window):
        on_screen = window.learner_combo.currentText()
        window.ctx.bus.status.emit(
            f"{summary.message()}; {on_screen} stays on screen, with your unsaved changes"
        )
        return
    window.set_learner(summary.learner_id)
    window.ctx.bus.status.emit(f"{summary.message()}; now showing {summary.learner_name}")


def _choose_and_import(window: MainWindow) -> None:
    names, _ = QFileDialog.getOpenFileNames(window, "Import into the portfolio", "", IMPORT_FILTER)
    _open_import(window, [Path(name) for name in names])


def _backups(window: MainWindow) -> None:
    from portfolio.ui.dialogs.backups_dialog import BackupsDialog

    dialog = BackupsDialog(window.ctx, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def _esco(window: MainWindow) -> None:
    from portfolio.ui.dialogs.esco_import_dialog import EscoImportDialog

    dialog = EscoImportDialog(window.ctx, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def _delete_learner(window: MainWindow) -> None:
    from portfolio.ui.dialogs.delete_learner import open_delete_learner

    open_delete_learner(window)


def connect_features(window: MainWindow) -> None:
    """Answer the window's Import, drop, Backups, ESCO and Delete learner requests with the real
    dialogs."""
    bus = window.ctx.bus

    def route_drops() -> None:
        # Once the window is painted (nothing can be dropped on it before): with any Python
        # event filter on the application, the binding builds Qt's event enums on the first
        # event, some 15-30 ms the first window need not wait for.
        from portfolio.ui.file_drops import route_file_drops

        route_file_drops(window, bus)

    window.first_paint.connect(route_drops, Qt.ConnectionType.SingleShotConnection)
    bus.files_dropped.connect(lambda paths: _open_import(window, list(paths)))
    window.import_requested.connect(lambda: _choose_and_import(window))
    window.backups_requested.connect(lambda: _backups(window))
    window.esco_import_requested.connect(lambda: _esco(window))
    window.delete_learner_requested.connect(lambda: _delete_learner(window))

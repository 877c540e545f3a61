"""Files dropped anywhere on the main window open the import preview, text fields included.

Qt's line and text edits accept URL drops themselves and paste "file:///…" into the field. One
event filter on the application sees every drag before any widget does (pages are built lazily,
so a per-widget fix would miss the ones built later): a drag carrying local files over the main
window, or any widget inside it, is taken and its drop announced on `bus.files_dropped`. Plain
text drags are left to the widgets. While a dialog is open, or over any other window, a file drag
is refused on text fields (nothing pasted) and no preview opens on top of the dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from portfolio.ui.context import AppBus


def local_files(mime: QMimeData) -> list[Path]:
    """The local files a drag carries (none for text, or for web links)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def _is_text_field(widget: QWidget) -> bool:
    if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)):
        return True
    parent = widget.parentWidget()
    # A text edit's drops arrive on its viewport.
    return isinstance(parent, (QTextEdit, QPlainTextEdit)) and parent.viewport() is widget


class FileDropRouter(QObject):
    """Route local files dropped on `window` (or inside it) to `bus.files_dropped`."""

    def __init__(self, window: QWidget, bus: AppBus) -> None:
        super().__init__(window)  # removed from the application's filters with the window
        self.window = window
        self.bus = bus

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Drag enter, move and drop events are QDropEvents: an isinstance test tells them apart
        # without event.type(), whose first call builds Qt's whole QEvent.Type enum (some 15 ms
        # the first window would otherwise wait for, since every event passes through here).
        if not isinstance(event, QDropEvent) or not isinstance(watched, QWidget):
            return False
        paths = local_files(event.mimeData())
        if not paths:
            return False  # text and links: the widget's own business
        if watched.window() is not self.window:
            if _is_text_field(watched):
                event.ignore()  # never a file path pasted into a dialog's field
                return True
            return False
        if QApplication.activeModalWidget() is not None:
            # A dialog is open over the window: no preview on top of it. Refused on every
            # widget, since Qt offers an ignored drag to the parents, up to the window.
            event.ignore()
            return True
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            self.bus.files_dropped.emit(paths)
        return True


def route_file_drops(window: QWidget, bus: AppBus) -> FileDropRouter:
    """Install the router on the application for `window` (once per window)."""
    router = FileDropRouter(window, bus)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(router)
    return router

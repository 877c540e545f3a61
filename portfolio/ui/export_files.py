"""Saving an export: where the save dialog starts, the name it proposes, and what comes after.

Every export of the window (the CV, the action plan) asks through `ask_save_path`: the dialog
starts in the folder used last (kept in the app's settings), or else in the user's Documents
folder, with a name that says whose file it is and which one ("Samantha Kolb - CV - Digital
marketing.pdf"). Once written, an `ExportedBar` offers to open the file or show its folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

LAST_FOLDER_KEY = "export/last_folder"
PDF_FILTER = "PDF files (*.pdf)"
# Characters that Windows, macOS or Linux refuse (or treat specially) in a file name.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
MAX_NAME = 150  # well under every file system's 255, leaving room for a folder's " (2)"


def export_file_name(*parts: str, suffix: str = ".pdf") -> str:
    """The non-empty `parts` joined by " - ", with characters no file system takes replaced."""
    cleaned = [" ".join(_UNSAFE.sub(" ", part).split()).strip(" .") for part in parts]
    name = " - ".join(part for part in cleaned if part)[:MAX_NAME].rstrip(" .-")
    return (name or "Export") + suffix


def _settings(settings: QSettings | None) -> QSettings:
    if settings is not None:
        return settings
    from portfolio.ui.settings import open_settings

    return open_settings()


def start_folder(settings: QSettings | None = None) -> Path:
    """The folder used last for an export if it still exists, else Documents, else home."""
    last = _settings(settings).value(LAST_FOLDER_KEY)
    if last and Path(str(last)).is_dir():
        return Path(str(last))
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def ask_save_path(
    parent: QWidget | None,
    title: str,
    proposed_name: str,
    *,
    file_filter: str = PDF_FILTER,
    suffix: str = ".pdf",
    settings: QSettings | None = None,
) -> Path | None:
    """Ask where to save (None if cancelled); the answer ends in `suffix` and its folder becomes
    the next export's starting point."""
    store = _settings(settings)
    start = start_folder(store) / proposed_name
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(start), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    store.setValue(LAST_FOLDER_KEY, str(path.parent))
    store.sync()
    return path


class ExportedBar(QWidget):
    """ "Saved <file>" with Open and Show in folder buttons; hidden until a file is written."""

    def __init__(self, open_text: str = "Open PDF", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.label = QLabel("")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.open_button = QPushButton(open_text)
        self.folder_button = QPushButton("Show in folder")
        self.open_button.clicked.connect(self.open_file)
        self.folder_button.clicked.connect(self.show_folder)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addLayout(buttons)
        self.hide()

    def show_file(self, path: Path) -> None:
        self.path = path
        self.label.setText(f"Saved {path.name}")
        self.label.setToolTip(str(path))
        self.open_button.setToolTip(f"Open {path.name} with the program that opens PDF files")
        self.folder_button.setToolTip(f"Open the folder {path.parent}")
        self.show()

    def open_file(self) -> None:
        if self.path is not None:
            self._open(self.path, "open the file")

    def show_folder(self) -> None:
        if self.path is not None:
            self._open(self.path.parent, "show the folder")

    def _open(self, target: Path, doing: str) -> None:
        if not target.exists():
            self.label.setText(f"{target} is no longer there.")
        elif not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
            self.label.setText(f"No program could {doing} {target}.")

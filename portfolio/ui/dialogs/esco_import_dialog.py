"""Import the ESCO skills CSV with a progress bar and a Cancel button."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from portfolio.errors import UserError
from portfolio.importers.esco import EscoImportResult, import_esco
from portfolio.services.records import Changed, Kind
from portfolio.services.skills import ESCO_ATTRIBUTION
from portfolio.ui.context import UiContext
from portfolio.ui.tasks import Cancelled, Progress, TaskHandle


class EscoImportDialog(QDialog):
    """Choose the file, Import, watch progress; Cancel stops and imports nothing."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.handle: TaskHandle | None = None
        self.result_value: EscoImportResult | None = None
        self.setWindowTitle("Import ESCO skills")
        intro = QLabel(
            "Choose the ESCO skills file (skills_en.csv, from the ESCO download page). "
            "Importing again later updates the skills instead of duplicating them."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("ESCO skills file")
        self.path_edit.setPlaceholderText("skills_en.csv")
        self.browse_button = QPushButton("Choose…")
        self.browse_button.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        attribution = QLabel(ESCO_ATTRIBUTION)
        attribution.setTextFormat(Qt.TextFormat.PlainText)
        attribution.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(attribution)
        layout.addWidget(self.buttons)
        self.resize(520, 240)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "ESCO skills file", "", "CSV files (*.csv);;All files (*)"
        )
        if path:
            self.path_edit.setText(path)

    def start(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self.status.setText("Choose the ESCO skills CSV file first.")
            return
        path = Path(text)
        database = self.ctx.database
        self.import_button.setEnabled(False)
        self.browse_button.setEnabled(False)
        self.status.setText(f"Importing {path.name}…")

        def work(progress: Progress) -> EscoImportResult:
            def report(done: int, total: int) -> None:
                progress.check()
                progress.report(done, total, "")

            with database.session() as session:
                return import_esco(session, path, report)

        self.handle = self.ctx.tasks.submit(
            work, on_done=self._done, on_error=self._failed, on_progress=self._on_progress
        )

    def _on_progress(self, done: int, total: int, _message: str) -> None:
        self.progress.setValue(done * 100 // max(total, 1))

    def _done(self, result: EscoImportResult) -> None:
        self.handle = None
        self.result_value = result
        self.progress.setValue(100)
        message = (
            f"Imported {result.total} ESCO skills: {result.added} added, "
            f"{result.updated} updated, {result.unchanged} unchanged."
        )
        self.status.setText(message)
        self.ctx.bus.changed.emit(Changed(learner_id=None, kinds=frozenset({Kind.SKILL})))
        self.ctx.bus.status.emit(message)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.handle = None
        self.import_button.setEnabled(True)
        self.browse_button.setEnabled(True)
        self.progress.setValue(0)
        if isinstance(exc, Cancelled):
            self.status.setText("Import cancelled; nothing was imported.")
        elif isinstance(exc, UserError):
            self.status.setText(str(exc))
        else:
            self.status.setText("The import failed unexpectedly; nothing was imported.")

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
        else:
            self.reject()

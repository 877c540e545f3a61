"""File ▸ Backups…: see the backups, back up now, restore one (with a single confirmation)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio.db.backup import (
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_RECENT,
    KEEP_WEEKLY,
    BackupInfo,
    backup_dir_for,
    create_backup,
    human_size,
    list_backups,
)
from portfolio.db.restore import RestoreResult, restore_into
from portfolio.errors import UserError
from portfolio.services.records import EVERYTHING, Changed
from portfolio.ui import commands
from portfolio.ui.context import UiContext

KIND_LABELS = {
    "auto": "Automatic",
    "manual": "Made by you",
    "pre-upgrade": "Before an upgrade",
    "pre-import": "Before an import",
    "pre-restore": "Before a restore",
    "pre-delete": "Before deleting a learner",
}
COL_DATE, COL_KIND, COL_LEARNERS, COL_SIZE = range(4)
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class BackupsDialog(QDialog):
    """Lists the backups of the open portfolio, newest first."""

    def __init__(
        self, ctx: UiContext, parent: QWidget | None = None, backup_dir: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.backup_dir = backup_dir or backup_dir_for(ctx.database.path)
        self.setWindowTitle("Backups")
        self.resize(640, 420)

        intro = QLabel(
            "Learner Portfolio backs up your portfolio automatically after changes, and before "
            f"every upgrade, import and restore. It keeps the last {KEEP_RECENT} automatic "
            f"backups, then one per day for {KEEP_DAILY} days, one per week for {KEEP_WEEKLY} "
            f"weeks and one per month for {KEEP_MONTHLY} months.\n"
            f"Folder: {self.backup_dir}"
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Date", "Made", "Learners", "Size"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_KIND, QHeaderView.ResizeMode.Stretch)
        for col in (COL_DATE, COL_LEARNERS, COL_SIZE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())

        self.empty = QLabel("No backups yet. The first one is made after your first change.")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)

        self.backup_button = QPushButton("Back Up Now")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton("Restore…")
        self.restore_button.clicked.connect(self.restore_selected)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.refresh()

    # -- data ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.backups = list_backups(self.ctx.database.path, self.backup_dir)
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            cells = [
                f"{info.created:%Y-%m-%d %H:%M}",
                KIND_LABELS.get(info.kind, info.kind),
                "unreadable" if info.learners is None else str(info.learners),
                human_size(info.size),
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(PATH_ROLE, str(info.path))
                if col in (COL_LEARNERS, COL_SIZE):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        self.table.setVisible(bool(self.backups))
        self.empty.setVisible(not self.backups)
        if self.backups:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.backups[rows[0].row()]

    def _update_buttons(self) -> None:
        info = self.selected()
        self.restore_button.setEnabled(info is not None and info.good)

    # -- actions ------------------------------------------------------------------------------
    def back_up_now(self) -> None:
        path = self.ctx.database.path
        self.backup_button.setEnabled(False)
        self.ctx.tasks.submit(
            lambda _progress: create_backup(path, "manual", backup_dir=self.backup_dir),
            on_done=self._backed_up,
            on_error=self._failed,
        )

    def _backed_up(self, info: BackupInfo) -> None:
        self.backup_button.setEnabled(True)
        self.refresh()
        message = f"Backed up {info.learners} learner(s) to {info.path.name}."
        self.status.setText(message)
        self.ctx.bus.status.emit(message)

    def _failed(self, exc: BaseException) -> None:
        self.backup_button.setEnabled(True)
        text = str(exc) if isinstance(exc, UserError) else "The backup failed; see the log."
        self.status.setText(text)
        QMessageBox.warning(self, "Backups", text)

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None or not info.good:
            return
        answer = QMessageBox.question(
            self,
            "Restore this backup?",
            f"Replace your portfolio with the backup from {info.created:%Y-%m-%d %H:%M} "
            f"({info.learners} learner(s))?\n\nChanges made since then are not lost: your "
            "current portfolio is kept first as a “Before a restore” backup.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        # A task still reading or writing would do so in the file being replaced.
        self.ctx.tasks.wait()
        try:
            result = restore_into(self.ctx.database, info.path, backup_dir=self.backup_dir)
        except UserError as exc:
            self._failed(exc)
            return
        self._restored(result)

    def _restored(self, result: RestoreResult) -> None:
        self.refresh()
        self.status.setText(result.message())
        self.ctx.bus.status.emit(result.message())
        # Undo steps (and the ids they re-created) refer to records of the replaced portfolio:
        # undoing one would replay an edit of that file onto the restored one.
        self.ctx.undo_stack.clear()
        commands.reset_id_map(self.ctx)
        self.ctx.bus.changed.emit(Changed(None, EVERYTHING))

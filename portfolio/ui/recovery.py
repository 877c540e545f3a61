"""Start-up recovery: when the portfolio cannot be opened, explain and offer the newest backup.

`app.py` calls `open_with_recovery(ctx)` at an interactive start. A damaged file with a good
backup is offered the restore (`offer_recovery`); the file is never overwritten: it is moved
aside (with its companions) only if the user chooses to restore. Any other refusal (another
application's file, a newer version's, a file open in another window) is explained with the
choice to open another portfolio file or quit.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from portfolio.cli.context import CliContext
from portfolio.db import Database
from portfolio.db.backup import newest_good_backup
from portfolio.db.restore import RestoreResult, restore_file
from portfolio.errors import DatabaseRefused, UserError

RECOVERABLE = ("damaged", "empty", "not-sqlite")


def offer_recovery(
    error: DatabaseRefused,
    db_path: Path,
    backup_dir: Path | None = None,
    parent: QWidget | None = None,
) -> RestoreResult | None:
    """Show why the portfolio cannot open; restore the newest good backup if the user agrees.

    Returns what was restored, or None when the user declined or nothing could be offered (the
    app then exits without touching the file).
    """
    title = "Cannot open your portfolio"
    newest = newest_good_backup(db_path, backup_dir) if error.reason in RECOVERABLE else None
    base = str(error).split(" The newest good backup", 1)[0]
    if newest is None:
        QMessageBox.critical(parent, title, base)
        return None
    question = (
        f"{base}\n\nThe newest good backup is from {newest.created:%Y-%m-%d %H:%M} and holds "
        f"{newest.learners} learner(s). Restore it?\n\nThe damaged file will be kept beside it, "
        "renamed, so nothing is deleted."
    )
    answer = QMessageBox.question(
        parent,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        result = restore_file(db_path, newest.path, backup_dir=backup_dir)
    except UserError as exc:
        QMessageBox.critical(parent, title, str(exc))
        return None
    QMessageBox.information(parent, "Portfolio restored", result.message())
    return result


OPEN_ANOTHER = "Open Another…"
QUIT = "Quit"
PORTFOLIO_FILTER = "Portfolio files (*.sqlite *.db);;All files (*)"


def open_with_recovery(ctx: CliContext, parent: QWidget | None = None) -> Database | None:
    """`ctx.database()`, but a refused file is explained (a QApplication must exist): a damaged
    one with a good backup leads to `offer_recovery`, any other to the choice of opening another
    file (`ctx.db_path` then names it) or quitting. Returns None when no portfolio opened; the
    caller then exits 1."""
    while True:
        try:
            return ctx.database()
        except DatabaseRefused as error:
            if error.reason in RECOVERABLE and newest_good_backup(ctx.db_path, ctx.backup_dir):
                if offer_recovery(error, ctx.db_path, ctx.backup_dir, parent) is None:
                    return None
                return ctx.database()
            message = str(error)
        except UserError as error:  # open in another window, permission denied...
            message = str(error)
        ctx.close()  # the refused file's lock goes: nothing of it stays open
        chosen = ask_open_another(message, ctx.db_path, parent)
        if chosen is None:
            return None
        ctx.db_path = chosen


def ask_open_another(message: str, refused: Path, parent: QWidget | None = None) -> Path | None:
    """Say why `refused` cannot open and offer Open Another… / Quit; the file chosen, or None
    for Quit. Cancelling the file chooser comes back to the message."""
    while True:
        box = QMessageBox(
            QMessageBox.Icon.Critical, "Cannot open your portfolio", message, parent=parent
        )
        another = box.addButton(OPEN_ANOTHER, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QUIT, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(another)
        box.exec()
        if box.clickedButton() is not another:
            return None
        name, _ = QFileDialog.getOpenFileName(
            parent, "Open a portfolio", str(refused.parent), PORTFOLIO_FILTER
        )
        if name:
            return Path(name)

"""Start-up recovery: when the portfolio cannot be opened, explain and offer the newest backup.

`app.py` calls `offer_recovery(error, db_path, backup_dir)` when opening raised
DatabaseRefused. The damaged file is never overwritten: it is moved aside (with its companions)
only if the user chooses to restore.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

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


def open_with_recovery(ctx: CliContext, parent: QWidget | None = None) -> Database | None:
    """`ctx.database()`, but a refused file leads to `offer_recovery` (a QApplication must
    exist). Returns None when the portfolio stays closed; the caller then exits 1."""
    try:
        return ctx.database()
    except DatabaseRefused as error:
        if offer_recovery(error, ctx.db_path, ctx.backup_dir, parent) is None:
            return None
    except UserError as error:  # locked by another window, permission denied...
        QMessageBox.critical(parent, "Cannot open your portfolio", str(error))
        return None
    return ctx.database()

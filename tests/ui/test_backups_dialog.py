"""File ▸ Backups… and the start-up recovery dialog, driven with qtbot; message boxes stubbed."""

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox

from portfolio.db import Database, open_database
from portfolio.db.backup import create_backup, list_backups
from portfolio.errors import DatabaseRefused
from portfolio.services.learners import create_learner, list_learners
from portfolio.services.records import EVERYTHING, LearnerInput
from portfolio.ui.context import AppBus, UiContext
from portfolio.ui.dialogs.backups_dialog import BackupsDialog
from portfolio.ui.recovery import offer_recovery
from portfolio.ui.tasks import TaskRunner


class Boxes:
    """Records every message box and answers questions with `answer`."""

    def __init__(self, monkeypatch, answer=QMessageBox.StandardButton.Yes) -> None:  # type: ignore[no-untyped-def]
        self.shown: list[tuple[str, str, str]] = []
        for kind in ("question", "warning", "critical", "information"):
            monkeypatch.setattr(QMessageBox, kind, self._record(kind, answer))

    def _record(self, kind, answer):  # type: ignore[no-untyped-def]
        def show(_parent, title, text, *_args):  # type: ignore[no-untyped-def]
            self.shown.append((kind, title, text))
            return answer if kind == "question" else QMessageBox.StandardButton.Ok

        return staticmethod(show)


@pytest.fixture
def ctx(demo_db: Database, qtbot) -> UiContext:  # type: ignore[no-untyped-def]
    return UiContext(
        database=demo_db, bus=AppBus(), tasks=TaskRunner(serial=True), undo_stack=QUndoStack()
    )


def test_the_dialog_lists_backs_up_and_restores(
    ctx: UiContext, qtbot, tmp_path, monkeypatch
) -> None:
    folder = tmp_path / "backups"
    dialog = BackupsDialog(ctx, backup_dir=folder)
    qtbot.addWidget(dialog)
    assert dialog.empty.isVisibleTo(dialog) and dialog.table.rowCount() == 0
    assert not dialog.restore_button.isEnabled()

    with qtbot.waitSignal(ctx.bus.status):
        dialog.backup_button.click()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "Made by you"
    assert dialog.table.item(0, 2).text() == "3"
    assert "Backed up 3 learner(s)" in dialog.status.text()

    with ctx.database.session() as session:
        create_learner(session, LearnerInput(name="Added Later"))
    boxes = Boxes(monkeypatch)
    changed = []
    ctx.bus.changed.connect(changed.append)
    dialog.table.selectRow(0)
    dialog.restore_button.click()
    assert [kind for kind, *_ in boxes.shown] == ["question"]  # one confirmation, nothing else
    with ctx.database.read_session() as session:
        assert len(list_learners(session)) == 3
    assert "Restored" in dialog.status.text()
    assert changed and changed[0].kinds == EVERYTHING
    assert [b.kind for b in list_backups(ctx.database.path, folder)] == ["pre-restore", "manual"]
    assert dialog.table.rowCount() == 2
    dialog.grab().save(str(tmp_path / "backups.png"))


def test_cancelling_the_confirmation_changes_nothing(
    ctx: UiContext, qtbot, tmp_path, monkeypatch
) -> None:
    folder = tmp_path / "b"
    create_backup(ctx.database.path, "auto", backup_dir=folder)
    with ctx.database.session() as session:
        create_learner(session, LearnerInput(name="Keep Me"))
    dialog = BackupsDialog(ctx, backup_dir=folder)
    qtbot.addWidget(dialog)
    Boxes(monkeypatch, answer=QMessageBox.StandardButton.Cancel)
    dialog.restore_selected()
    with ctx.database.read_session() as session:
        assert len(list_learners(session)) == 4
    assert len(list_backups(ctx.database.path, folder)) == 1


def _damaged_with_backup(tmp_path: Path) -> tuple[Path, Path, bytes]:
    db_path = tmp_path / "portfolio.sqlite"
    database = open_database(db_path)
    with database.session() as session:
        create_learner(session, LearnerInput(name="Saved Before"))
    database.dispose()
    folder = tmp_path / "backups"
    create_backup(db_path, "auto", backup_dir=folder)
    data = bytearray(db_path.read_bytes())
    data[4096 + 8 : 4096 + 1500] = b"\xff" * 1492
    db_path.write_bytes(bytes(data))
    return db_path, folder, bytes(data)


def test_recovery_offers_the_newest_backup_and_restores_on_request(
    qtbot, tmp_path, monkeypatch
) -> None:
    db_path, folder, damaged = _damaged_with_backup(tmp_path)
    with pytest.raises(DatabaseRefused) as info:
        open_database(db_path, backup_dir=folder)
    boxes = Boxes(monkeypatch)
    result = offer_recovery(info.value, db_path, folder)
    assert result is not None
    kinds = [kind for kind, *_ in boxes.shown]
    assert kinds == ["question", "information"]
    assert "damaged" in boxes.shown[0][2] and "1 learner(s)" in boxes.shown[0][2]
    assert result.kept_as is not None and result.kept_as.read_bytes() == damaged
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT name FROM learner").fetchall() == [("Saved Before",)]
    conn.close()


def test_declining_recovery_leaves_the_damaged_file_untouched(qtbot, tmp_path, monkeypatch) -> None:
    db_path, folder, damaged = _damaged_with_backup(tmp_path)
    with pytest.raises(DatabaseRefused) as info:
        open_database(db_path, backup_dir=folder)
    Boxes(monkeypatch, answer=QMessageBox.StandardButton.No)
    assert offer_recovery(info.value, db_path, folder) is None
    assert db_path.read_bytes() == damaged
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "portfolio.sqlite"]


def test_without_a_backup_recovery_only_explains(qtbot, tmp_path, monkeypatch) -> None:
    db_path = tmp_path / "portfolio.sqlite"
    db_path.write_bytes(b"")
    with pytest.raises(DatabaseRefused) as info:
        open_database(db_path, backup_dir=tmp_path / "none")
    boxes = Boxes(monkeypatch)
    assert offer_recovery(info.value, db_path, tmp_path / "none") is None
    assert [kind for kind, *_ in boxes.shown] == ["critical"]
    assert "empty file" in boxes.shown[0][2]
    assert db_path.read_bytes() == b""


def test_start_up_recovers_and_then_opens_the_restored_portfolio(
    qtbot, tmp_path, monkeypatch
) -> None:
    from portfolio.cli.context import CliContext
    from portfolio.paths import AppPaths
    from portfolio.ui.recovery import open_with_recovery

    db_path, folder, _damaged = _damaged_with_backup(tmp_path)
    paths = AppPaths(data_dir=tmp_path / "data", log_dir=tmp_path / "logs")
    monkeypatch.setattr(AppPaths, "backup_dir", lambda self, _db: folder)
    ctx = CliContext(paths=paths, db_path=db_path)
    Boxes(monkeypatch)
    try:
        database = open_with_recovery(ctx)
        assert database is not None
        with database.read_session() as session:
            assert [s.name for s in list_learners(session)] == ["Saved Before"]
    finally:
        ctx.close()


def test_a_second_window_is_told_the_portfolio_is_open(qtbot, tmp_path, monkeypatch) -> None:
    from portfolio.cli.context import CliContext
    from portfolio.db.lock import InstanceLock
    from portfolio.paths import AppPaths
    from portfolio.ui.recovery import QUIT, open_with_recovery

    db_path = tmp_path / "portfolio.sqlite"
    open_database(db_path).dispose()
    ctx = CliContext(paths=AppPaths(tmp_path, tmp_path / "logs"), db_path=db_path)
    shown: list[tuple[QMessageBox.Icon, str]] = []

    def quit_at(box: QMessageBox) -> int:  # the box offers Open Another… / Quit
        shown.append((box.icon(), box.text()))
        next(b for b in box.buttons() if b.text() == QUIT).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", quit_at)
    with InstanceLock(db_path):
        assert open_with_recovery(ctx) is None
    assert shown[0][0] == QMessageBox.Icon.Critical and "already open" in shown[0][1]
    ctx.close()

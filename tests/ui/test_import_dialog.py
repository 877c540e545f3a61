"""The import dialog: preview, duplicate choice, apply, and what it announces."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox

from portfolio.db import Database
from portfolio.services.credentials import list_credentials
from portfolio.services.import_service import MERGE
from portfolio.services.learners import find_learner
from portfolio.ui.context import AppBus, UiContext
from portfolio.ui.dialogs.import_dialog import COL_ACTION, ImportDialog
from portfolio.ui.tasks import TaskRunner

IO = Path(__file__).resolve().parent.parent / "data" / "io"


def make_ctx(db: Database) -> UiContext:
    return UiContext(
        database=db, bus=AppBus(), tasks=TaskRunner(serial=True), undo_stack=QUndoStack()
    )


def test_preview_then_import_announces_changes(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(demo_db)
    changed: list[object] = []
    status: list[str] = []
    ctx.bus.changed.connect(changed.append)
    ctx.bus.status.connect(status.append)
    dialog = ImportDialog(ctx, [IO / "linkedin_export.zip"])
    qtbot.addWidget(dialog)
    assert dialog.plan is not None
    assert dialog.learner_combo.currentText() == "Samantha Kolb"  # the demo learner of that name
    assert dialog.table.rowCount() == len(dialog.plan.items)
    assert dialog.table.item(0, 2).text() == "AWS Certified Cloud Practitioner"
    assert dialog.ok_button.isEnabled()
    dialog.grab().save("/tmp/import_dialog.png")
    dialog.apply()
    assert dialog.result() == ImportDialog.DialogCode.Accepted
    assert status and "3 credentials imported" in status[0]
    assert changed and changed[0].learner_id == dialog.summary.learner_id  # type: ignore[attr-defined]


def test_duplicates_offer_skip_or_merge(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db)
    from portfolio.importers.detect import read_paths
    from portfolio.services.import_apply import apply_import
    from portfolio.services.import_service import plan_import

    with db.session() as s:
        apply_import(s, plan_import(s, read_paths([IO / "ob2_baked.png"]), "Sam"))
    dialog = ImportDialog(ctx, [IO / "ob2_baked.svg"])
    qtbot.addWidget(dialog)
    combo = dialog.table.cellWidget(0, COL_ACTION)
    assert isinstance(combo, QComboBox) and combo.currentText() == "Skip (duplicate)"
    assert "0 to add" in dialog.counts.text()
    dialog.set_action(dialog.plan.items[0].key, MERGE)  # type: ignore[union-attr]
    assert "1 to merge" in dialog.counts.text()
    dialog.apply()
    with db.read_session() as s:
        assert len(list_credentials(s, find_learner(s, "Sam").id)) == 1


def test_a_hostile_file_shows_the_error_and_cannot_be_applied(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(make_ctx(db), [IO / "billion_laughs.svg"])
    qtbot.addWidget(dialog)
    assert "billion_laughs.svg" in dialog.error
    assert not dialog.error_label.isHidden()
    assert not dialog.ok_button.isEnabled()


def test_choosing_a_new_learner_replans(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(make_ctx(demo_db), [IO / "ob2_baked.png"])
    qtbot.addWidget(dialog)
    dialog.new_name.setText("Fresh Person")
    dialog.learner_combo.setCurrentIndex(dialog.learner_combo.count() - 1)
    assert dialog.plan is not None and dialog.plan.learner_id is None
    assert dialog.plan.learner_name == "Fresh Person"
    dialog.apply()
    with demo_db.read_session() as s:
        assert len(list_credentials(s, find_learner(s, "Fresh Person").id)) == 1


def test_dropped_files_open_the_import_preview(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMainWindow

    from portfolio.ui.dialogs.import_dialog import route_dropped_files

    ctx = make_ctx(db)
    window = QMainWindow()
    qtbot.addWidget(window)
    route_dropped_files(ctx, window)
    ctx.bus.files_dropped.emit([IO / "ob3_credential.json"])
    [dialog] = window.findChildren(ImportDialog)
    assert dialog.isVisible()
    assert dialog.plan is not None and dialog.plan.items[0].title == "Cloud Foundations"
    dialog.reject()


def test_applying_an_import_keeps_a_pre_import_snapshot_first(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    from portfolio.db.backup import list_backups

    ctx = make_ctx(demo_db)
    dialog = ImportDialog(ctx, [IO / "linkedin_export.zip"])
    qtbot.addWidget(dialog)
    assert list_backups(demo_db.path) == []  # reading and previewing write nothing
    dialog.apply()
    snapshots = [b for b in list_backups(demo_db.path) if b.kind == "pre-import"]
    assert len(snapshots) == 1
    assert snapshots[0].learners == 3  # the portfolio as it was: the demo learners, no import


def test_when_the_snapshot_cannot_be_written_nothing_is_imported(
    qtbot, demo_db: Database, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from portfolio.errors import StorageFull
    from portfolio.services.learners import list_learners
    from portfolio.ui.dialogs import import_dialog

    def full(*_args: object, **_kwargs: object) -> None:
        raise StorageFull("Cannot write the backup: the disk is full. Nothing was written.")

    monkeypatch.setattr(import_dialog, "backup_before", full)
    with demo_db.read_session() as s:
        before = list_learners(s)
    dialog = ImportDialog(make_ctx(demo_db), [IO / "ob2_baked.png"])
    qtbot.addWidget(dialog)
    dialog.apply()
    assert (
        dialog.error_label.text()
        == "Cannot write the backup: the disk is full. Nothing was written."
    )
    assert dialog.result() != ImportDialog.DialogCode.Accepted
    with demo_db.read_session() as s:
        assert list_learners(s) == before  # same learners, same credential counts


def test_the_preview_says_how_many_rows_were_read(qtbot, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Every row of a CSV is accounted for in the notes (issue #18, group 7).
    path = tmp_path / "creds.csv"
    path.write_text("title,issuer\nFirst Aid,Red Cross\n,Nobody\n", encoding="utf-8")
    dialog = ImportDialog(make_ctx(db), [path])
    qtbot.addWidget(dialog)
    shown = [dialog.notes.item(i).text() for i in range(dialog.notes.count())]
    assert "creds.csv: read 2 rows: 1 to import, 1 skipped (row 3 has no title)" in shown


def test_a_self_signed_badge_is_not_shown_as_signature_valid(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    # The fixture JWS carries its own key in its header (issue #18, group 8).
    dialog = ImportDialog(make_ctx(db), [IO / "ob3_signed.jwt"])
    qtbot.addWidget(dialog)
    shown = " ".join(dialog.notes.item(i).text() for i in range(dialog.notes.count()))
    assert "unaltered since signing, signer not verified" in shown
    assert "signature valid" not in shown

"""Every export of the window: where the save dialog starts, the name it proposes, and the
Open PDF / Show in folder follow-up."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QUndoStack
from PySide6.QtWidgets import QFileDialog, QInputDialog

from portfolio.services.learners import find_learner
from portfolio.ui.context import AppBus, UiContext
from portfolio.ui.export_files import export_file_name
from portfolio.ui.tasks import TaskRunner


@pytest.fixture
def ctx(demo_db):  # type: ignore[no-untyped-def]
    return UiContext(demo_db, AppBus(), TaskRunner(serial=True), QUndoStack())


@pytest.fixture
def documents(tmp_path: Path, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path / "Documents"
    folder.mkdir()
    real = QStandardPaths.writableLocation

    def where(location):  # type: ignore[no-untyped-def]
        if location == QStandardPaths.StandardLocation.DocumentsLocation:
            return str(folder)
        return real(location)

    monkeypatch.setattr(QStandardPaths, "writableLocation", where)
    return folder


class SaveDialog:
    """Stands in for QFileDialog.getSaveFileName: records what it proposed, answers `answer`."""

    def __init__(self, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        self.proposed: list[Path] = []
        self.answer = ""
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self)

    def __call__(self, _parent, _title, start, _filter):  # type: ignore[no-untyped-def]
        self.proposed.append(Path(start))
        return self.answer, _filter


@pytest.fixture
def opened(monkeypatch) -> list[QUrl]:  # type: ignore[no-untyped-def]
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(QUrl(url)) or True)
    return urls


def test_file_names_say_whose_and_which_and_are_safe_everywhere() -> None:
    assert export_file_name("Samantha Kolb", "CV", "Digital marketing") == (
        "Samantha Kolb - CV - Digital marketing.pdf"
    )
    assert export_file_name("Samantha Kolb", "CV", "") == "Samantha Kolb - CV.pdf"
    assert export_file_name('A/B: "C" <D>?', "Plan", "x|y*z\\w\n") == "A B C D - Plan - x y z w.pdf"
    assert export_file_name("...", "") == "Export.pdf"
    assert len(export_file_name("Zoë " * 100, "CV")) <= 154


def test_cv_export_proposes_learner_and_variant_and_remembers_the_folder(
    qtbot, ctx, documents, tmp_path, monkeypatch, opened
) -> None:  # type: ignore[no-untyped-def]
    from portfolio.ui.pages.cv_page import CvPage

    page = CvPage(ctx)
    qtbot.addWidget(page)
    with ctx.database.read_session() as session:
        page.set_learner(find_learner(session, "Samantha").id)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Digital marketing", True))
    page.new_variant()
    dialog = SaveDialog(monkeypatch)
    out = tmp_path / "out"
    out.mkdir()
    dialog.answer = str(out / "my cv")  # no extension typed
    assert not page.exported.isVisible()
    page.export_pdf()
    assert dialog.proposed == [documents / "Samantha Kolb - CV - Digital marketing.pdf"]
    written = out / "my cv.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    page.show()
    assert page.exported.isVisible()
    assert page.exported.label.text() == "Saved my cv.pdf"

    qtbot.mouseClick(page.exported.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.exported.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(written)), QUrl.fromLocalFile(str(out))]

    page.variants.setCurrentRow(0)  # Everything (no variant)
    dialog.answer = ""  # cancelled
    page.export_pdf()
    assert dialog.proposed[1] == out / "Samantha Kolb - CV.pdf"  # starts where the last went
    assert page.exported.isVisible()  # a cancelled export leaves the last result shown


def test_plan_export_uses_the_same_helper(
    qtbot, ctx, documents, tmp_path, monkeypatch, opened
) -> None:  # type: ignore[no-untyped-def]
    from portfolio.ui.pages.goals_page import GoalsPage

    page = GoalsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    with ctx.database.read_session() as session:
        page.set_learner(find_learner(session, "Samantha Kolb").id)
    assert page.report is not None
    dialog = SaveDialog(monkeypatch)
    dialog.answer = str(tmp_path / "plan.pdf")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert dialog.proposed == [
        documents / f"Samantha Kolb - Action plan - {page.report.role_name}.pdf"
    ]
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")
    assert page.exported.isVisible()
    qtbot.mouseClick(page.exported.open_button, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(tmp_path / "plan.pdf"))]
    with ctx.database.read_session() as session:
        page.set_learner(find_learner(session, "Audrey Heath").id)
    assert not page.exported.isVisible()  # another learner: not their file


def test_a_file_removed_since_is_said_not_opened(qtbot, tmp_path, opened) -> None:  # type: ignore[no-untyped-def]
    from portfolio.ui.export_files import ExportedBar

    bar = ExportedBar()
    qtbot.addWidget(bar)
    bar.show_file(tmp_path / "gone.pdf")
    bar.open_file()
    assert opened == []
    assert "is no longer there" in bar.label.text()

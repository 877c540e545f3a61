"""The CV page with real widgets: preview, variants, pinning/hiding, export."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QMessageBox

from portfolio.db import Database
from portfolio.services import cv_variants
from portfolio.services.learners import find_learner
from portfolio.ui.context import AppBus, UiContext
from portfolio.ui.pages.cv_page import CvPage
from portfolio.ui.tasks import TaskRunner


@pytest.fixture
def page(qtbot, demo_db: Database):  # type: ignore[no-untyped-def]
    ctx = UiContext(demo_db, AppBus(), TaskRunner(serial=True), QUndoStack())
    widget = CvPage(ctx)
    qtbot.addWidget(widget)
    with demo_db.read_session() as session:
        widget.set_learner(find_learner(session, "Samantha").id)
    widget.render_now()
    return widget


def _pages(page: CvPage) -> list[QLabel]:
    return [page.pages_layout.itemAt(i).widget() for i in range(page.pages_layout.count())]  # type: ignore[misc]


def test_preview_shows_the_pages(page: CvPage) -> None:
    assert len(_pages(page)) == 2
    assert page.status.text() == "2 pages"
    assert not _pages(page)[0].pixmap().isNull()


def test_changes_are_debounced_into_one_render(page: CvPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = page._generation
    page.template.setCurrentIndex(page.template.findData("modern"))
    page.page_size.setCurrentIndex(page.page_size.findData("a4"))
    assert page.timer.isActive()
    qtbot.waitUntil(lambda: page._generation == before + 1, timeout=3000)
    assert page.last_render is not None
    assert page.last_render.request.template == "modern"
    assert page.last_render.request.page_size == "a4"


def test_new_variant_and_hiding_an_item(page: CvPage, monkeypatch, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Marketing", True))
    page.new_variant()
    variant_id = page.current_variant_id()
    assert variant_id is not None
    experience = page.items.topLevelItem(1)
    research = next(
        experience.child(i)
        for i in range(experience.childCount())
        if experience.child(i).text(0) == "Research Assistant"
    )
    research.setCheckState(0, Qt.CheckState.Unchecked)
    page.render_now()
    assert page.last_render is not None
    import io

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(page.last_render.pdf)).pages)
    assert "Research Assistant" not in text
    with demo_db.read_session() as session:
        assert cv_variants.get_variant(session, variant_id).items


def test_export_writes_the_file(page: CvPage, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "samantha.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.export_pdf()
    assert target.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # a CV holds personal data


def test_a_failed_export_leaves_the_old_file_and_no_partial(
    page: CvPage, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "samantha.pdf"
    target.write_bytes(b"old")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: errors.append(a[2]))

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("portfolio.fileio.os.fsync", broken)
    page.export_pdf()
    assert errors and "disk is full" in errors[0]
    assert target.read_bytes() == b"old"
    assert [p.name for p in folder.iterdir()] == ["samantha.pdf"]


def test_unshapeable_text_is_reported_and_export_refused(
    page: CvPage, monkeypatch, demo_db: Database, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from portfolio.services.learners import get_learner, update_learner

    assert page.learner_id is not None
    with demo_db.session() as session:
        learner = get_learner(session, page.learner_id)
        update_learner(session, learner.id, replace(learner, headline="مسوقة رقمية"))
    page.render_now()
    assert not page.warning.isHidden()
    assert "Arabic" in page.warning.text()
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    asked: list[bool] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(True) or ("", "")
    )
    page.export_pdf()
    assert warned and not asked


CV_PAGE = 6


def _role_names(page: CvPage) -> list[str]:
    return [page.role.itemText(i) for i in range(1, page.role.count())]


@pytest.mark.parametrize("demo", [False, True], ids=["fresh portfolio", "demo"])
def test_the_target_role_list_holds_the_whole_role_library(
    demo: bool, db: Database, make_window, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from portfolio.models import CredentialKind
    from portfolio.services import credentials, learners, roles
    from portfolio.services.records import CredentialInput, LearnerInput, SkillLinkInput

    with db.session() as s:
        if demo:
            from portfolio.services.demo import load_demo

            load_demo(s)
        learner = learners.create_learner(s, LearnerInput(name="Ines Park"))
        credentials.create_credential(
            s,
            learner,
            CredentialInput(
                title="Azure basics",
                kind=CredentialKind.COURSE,
                skills=(SkillLinkInput(label="Microsoft Azure"),),
            ),
        )
    window = make_window(db, learner="Ines Park")
    window.show_page(CV_PAGE)
    page = window.current_page()
    assert isinstance(page, CvPage)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Cloud", True))
    page.new_variant()
    with db.read_session() as s:
        library = [r.name for r in roles.list_roles(s)]
    assert len(library) >= 60
    assert page.role.itemText(0) == "(no target role)"
    assert _role_names(page) == library
    page.role.setCurrentIndex(page.role.findText("Cloud Administrator"))
    with db.read_session() as s:
        [variant] = cv_variants.list_variants(s, learner)
    assert variant.target_role == "Cloud Administrator"
    assert variant.items  # the proposal for the role pinned or hid items

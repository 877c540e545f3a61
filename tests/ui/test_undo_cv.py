"""CV page: variants (new, rename, delete), template and page size, pinned and hidden items are
undoable from the main window's Undo / Redo actions (Ctrl+Z / Ctrl+Shift+Z)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from portfolio.models import CvItemState
from portfolio.services import cv_variants
from portfolio.ui import messages

CV_PAGE = 6


def _open(demo_db, make_window):  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Samantha Kolb")
    window.show_page(CV_PAGE)
    return window, window.current_page()


def _variants(db, learner_id: int) -> list[tuple[str, str, str, tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    with db.read_session() as s:
        return [
            (v.name, v.template, v.page_size, tuple((i.kind, i.state) for i in v.items))
            for v in cv_variants.list_variants(s, learner_id)
        ]


def _item(page, title: str):  # type: ignore[no-untyped-def]
    for top in range(page.items.topLevelItemCount()):
        section = page.items.topLevelItem(top)
        for i in range(section.childCount()):
            if section.child(i).text(0) == title:
                return section.child(i)
    raise AssertionError(title)


def _shown_variants(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.variants.item(i).text() for i in range(page.variants.count())]


def test_variant_changes_are_undone_and_redone(demo_db, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window, page = _open(demo_db, make_window)
    learner = window.ctx.learner_id
    assert _variants(demo_db, learner) == []

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Marketing", True))
    window.add_action.trigger()  # Ctrl+N on the CV page: a new variant
    created = [("Marketing", "classic", "letter", ())]
    assert _variants(demo_db, learner) == created

    page.template.setCurrentIndex(page.template.findData("modern"))
    page.page_size.setCurrentIndex(page.page_size.findData("a4"))
    sized = [("Marketing", "modern", "a4", ())]
    assert _variants(demo_db, learner) == sized

    _item(page, "Research Assistant").setCheckState(0, Qt.CheckState.Unchecked)
    hidden = [("Marketing", "modern", "a4", (("experience", CvItemState.HIDDEN),))]
    assert _variants(demo_db, learner) == hidden
    _item(page, "Research Assistant").setCheckState(1, Qt.CheckState.Checked)
    pinned = [("Marketing", "modern", "a4", (("experience", CvItemState.PINNED),))]
    assert _variants(demo_db, learner) == pinned

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Digital marketing", True))
    page.rename_button.click()
    renamed = [("Digital marketing", "modern", "a4", (("experience", CvItemState.PINNED),))]
    assert _variants(demo_db, learner) == renamed

    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a: asked.append(a[1]) or True)
    window.delete_action.trigger()
    assert asked == ["Delete CV variant"]
    assert _variants(demo_db, learner) == []
    assert _shown_variants(page) == ["Everything (no variant)"]

    modern = [("Marketing", "modern", "letter", ())]  # one step per change
    history = [renamed, pinned, hidden, sized, modern, created]
    for expected in history:
        window.undo_action.trigger()
        assert _variants(demo_db, learner) == expected
    assert page.current_variant_id() is not None  # the re-created variant is shown
    assert page.template.currentData() == "classic"
    assert _item(page, "Research Assistant").checkState(0) == Qt.CheckState.Checked
    window.undo_action.trigger()
    assert _variants(demo_db, learner) == []

    for expected in reversed(history):
        window.redo_action.trigger()
        assert _variants(demo_db, learner) == expected
    window.redo_action.trigger()
    assert _variants(demo_db, learner) == []
    assert not window.redo_action.isEnabled()


def test_a_new_target_role_and_its_retailoring_undo_in_one_step(
    demo_db, make_window, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window, page = _open(demo_db, make_window)
    learner = window.ctx.learner_id
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Marketing", True))
    page.new_variant()
    before = _variants(demo_db, learner)
    page.role.setCurrentIndex(page.role.findText("Digital Marketing Coordinator"))
    with demo_db.read_session() as s:
        [variant] = cv_variants.list_variants(s, learner)
    assert variant.target_role == "Digital Marketing Coordinator"
    assert variant.items  # the proposal pinned and hid items
    window.undo_action.trigger()
    assert _variants(demo_db, learner) == before
    with demo_db.read_session() as s:
        assert cv_variants.list_variants(s, learner)[0].target_role_id is None
    assert page.role.currentIndex() == 0

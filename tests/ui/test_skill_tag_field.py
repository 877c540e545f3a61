"""The skill tag field and the background taxonomy loader."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from portfolio.services.skills import search_skills
from portfolio.services.taxonomy import ensure_builtin_taxonomy, needs_taxonomy
from portfolio.ui.context import AppBus, UiContext
from portfolio.ui.tasks import TaskRunner
from portfolio.ui.taxonomy_loader import start_taxonomy_load
from portfolio.ui.widgets.skill_tag_field import SkillTagField


def make_ctx(db) -> UiContext:
    return UiContext(db, AppBus(), TaskRunner(serial=True), QUndoStack())


def test_autocomplete_custom_skills_and_no_duplicates(db, qtbot) -> None:
    with db.session() as s:
        ensure_builtin_taxonomy(s)
        branding_id = search_skills(s, "branding")[0].id
    field = SkillTagField(make_ctx(db))
    qtbot.addWidget(field)
    qtbot.keyClicks(field.edit, "resum")
    assert field.model.stringList()[0] == "Résumé and cover letter writing"
    field.edit.clear()
    qtbot.keyClicks(field.edit, "brandi")
    field.add_label("Branding")
    assert field.links()[0].skill_id == branding_id
    qtbot.keyClicks(field.edit, "Basket weaving")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert field.labels() == ["Branding", "Basket weaving"]
    assert field.links()[1].skill_id is None  # a custom skill, created when saved
    assert field.add_label("  BRANDING ") is False
    assert "already there" in field.message.text()
    assert field.labels() == ["Branding", "Basket weaving"]
    qtbot.mouseClick(field._tags[0].remove_button, Qt.MouseButton.LeftButton)
    assert field.labels() == ["Basket weaving"]


def test_taxonomy_loads_in_the_background_once(db, qtbot) -> None:
    ctx = make_ctx(db)
    changed, results = [], []
    ctx.bus.changed.connect(changed.append)
    start_taxonomy_load(ctx, results.append)
    start_taxonomy_load(ctx, results.append)
    assert results == [True, False]
    assert len(changed) == 1 and changed[0].kinds == frozenset({"skill"})
    with db.read_session() as s:
        assert not needs_taxonomy(s)

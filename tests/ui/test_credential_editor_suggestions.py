"""The credential editor offers taxonomy suggestions: one click adds a skill; linked ones never show."""

from PySide6.QtGui import QUndoStack

from portfolio.services.credentials import get_credential, list_credentials
from portfolio.services.learners import find_learner
from portfolio.ui.context import AppBus, UiContext
from portfolio.ui.dialogs.credential_editor import CredentialEditor
from portfolio.ui.tasks import TaskRunner
from portfolio.ui.widgets.skill_suggestions import SkillSuggestions


def make_ctx(db) -> UiContext:  # type: ignore[no-untyped-def]
    return UiContext(
        database=db, bus=AppBus(), tasks=TaskRunner(serial=True), undo_stack=QUndoStack()
    )


def test_new_credential_gets_suggestions_and_accepting_adds_a_tag(demo_db, qtbot) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(demo_db)
    editor = CredentialEditor(lambda data: None, suggestions=SkillSuggestions(ctx))
    qtbot.addWidget(editor)
    editor.title.setText("Public Speaking")
    editor.suggestions.refresh()
    assert "Public speaking" in editor.suggestions.labels()
    chip = next(c for c in editor.suggestions.chips if c.suggestion.label == "Public speaking")
    chip.accept_button.click()
    assert "Public speaking" in editor.skills.labels()
    assert "Public speaking" not in editor.suggestions.labels()


def test_skills_already_linked_are_not_suggested(demo_db, qtbot) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(demo_db)
    with demo_db.read_session() as session:
        sam = find_learner(session, "Samantha Kolb")
        row = next(r for r in list_credentials(session, sam.id) if "Bootcamp" in r.title)
        record = get_credential(session, row.id)
    editor = CredentialEditor(lambda data: None, record=record, suggestions=SkillSuggestions(ctx))
    qtbot.addWidget(editor)
    editor.suggestions.refresh()
    linked = {link.label for link in record.skill_links}
    assert "Branding" in linked
    assert not linked & set(editor.suggestions.labels())

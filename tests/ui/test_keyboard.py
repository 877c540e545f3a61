"""The credential editor and the Goals page driven from the keyboard alone: Tab goes where the eye
goes, focus survives accepting a suggestion, Enter adds a skill or a role and nothing pops up again.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QWidget

from portfolio.services.credentials import get_credential, list_credentials
from portfolio.services.learners import find_learner
from portfolio.ui.context import AppBus, UiContext
from portfolio.ui.dialogs.credential_editor import CredentialEditor
from portfolio.ui.dialogs.experience_editor import ExperienceEditor
from portfolio.ui.tasks import TaskRunner
from portfolio.ui.widgets.skill_suggestions import SkillSuggestions
from portfolio.ui.widgets.skill_tags import SkillTagEditor


def _editor(db, qtbot, lookup=None) -> CredentialEditor:  # type: ignore[no-untyped-def]
    """Samantha's bootcamp in the editor, with its skill chips and taxonomy suggestions shown."""
    ctx = UiContext(
        database=db, bus=AppBus(), tasks=TaskRunner(serial=True), undo_stack=QUndoStack()
    )
    with db.read_session() as session:
        sam = find_learner(session, "Samantha Kolb")
        row = next(r for r in list_credentials(session, sam.id) if "Bootcamp" in r.title)
        record = get_credential(session, row.id)
    editor = CredentialEditor(
        lambda data: None, record=record, suggestions=SkillSuggestions(ctx), skill_lookup=lookup
    )
    qtbot.addWidget(editor)
    editor.resize(760, 1300)  # tall enough to show every field without scrolling
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    assert editor.suggestions is not None and editor.suggestions.chips
    return editor


def _press(qtbot, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    """Press `key` where the user's keystroke goes: an open popup, else the focused widget."""
    target = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key)


def _rect(widget: QWidget) -> QRect:
    top_left = widget.mapTo(widget.window(), widget.rect().topLeft())
    return QRect(top_left, widget.size())


def _reads_before(a: QWidget, b: QWidget) -> bool:
    """Whether `a` comes before `b` reading top to bottom, left to right."""
    ra, rb = _rect(a), _rect(b)
    same_line = ra.top() < rb.bottom() and rb.top() < ra.bottom()
    return ra.left() < rb.left() if same_line else ra.top() < rb.top()


def _tab_through(dialog: QWidget, first: QWidget, qtbot) -> list[QWidget]:  # type: ignore[no-untyped-def]
    """The widgets Tab visits from `first` until it comes back to it."""
    first.setFocus()
    stops: list[QWidget] = [first]
    for _ in range(100):
        _press(qtbot, Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        assert widget is not None and widget.isVisible() and widget.window() is dialog
        if widget is first:
            return stops
        stops.append(widget)
    raise AssertionError(f"Tab never came back to the first field: {_names(stops)}")


def _names(widgets: list[QWidget]) -> list[str]:
    return [w.accessibleName() or getattr(w, "text", str)() for w in widgets]


def _assert_reading_order(stops: list[QWidget]) -> None:
    out_of_order = [
        " -> ".join(_names([a, b])) for a, b in pairwise(stops) if not _reads_before(a, b)
    ]
    assert not out_of_order, "Tab jumps back: " + ", ".join(out_of_order)
    names = _names(stops)
    assert names[-2:] == ["Save", "Cancel"]


def test_tab_visits_the_credential_editor_in_reading_order(demo_db, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(demo_db, qtbot)
    stops = _tab_through(editor, editor.title, qtbot)
    _assert_reading_order(stops)
    names = _names(stops)
    chips_and_suggestions = [i for i, n in enumerate(names) if n.startswith(("Remove ", "Accept "))]
    assert chips_and_suggestions and max(chips_and_suggestions) < names.index("Save")
    for chip in editor.skills._chips:
        assert chip.level in stops and chip.remove_button in stops
    for suggestion in editor.suggestions.chips:
        assert suggestion.accept_button in stops and suggestion.reject_button in stops

    # A skill added later joins the chips, still before Save.
    editor.skills.input.setFocus()
    qtbot.keyClicks(editor.skills.input, "Negotiation")
    _press(qtbot, Qt.Key.Key_Return)
    assert "Negotiation" in editor.skills.labels()
    qtbot.waitUntil(lambda: editor.skills._chips[-1].isVisible())
    stops = _tab_through(editor, editor.title, qtbot)
    _assert_reading_order(stops)
    assert "Remove Negotiation" in _names(stops)


def test_tab_visits_the_experience_editor_in_reading_order(demo_db, qtbot) -> None:  # type: ignore[no-untyped-def]
    from portfolio.services.experience import get_experience, list_experience

    with demo_db.read_session() as session:
        sam = find_learner(session, "Samantha Kolb")
        record = next(
            get_experience(session, row.id)
            for row in list_experience(session, sam.id)
            if get_experience(session, row.id).skills
        )
    editor = ExperienceEditor(lambda data: None, record=record)
    qtbot.addWidget(editor)
    editor.resize(700, 1100)
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    stops = _tab_through(editor, editor.title, qtbot)
    _assert_reading_order(stops)
    assert any(n.startswith("Remove ") for n in _names(stops))


def test_accepting_a_suggestion_by_keyboard_keeps_the_focus_on_the_suggestions(
    demo_db, qtbot
) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(demo_db, qtbot)
    first, second = editor.suggestions.chips[:2]
    label, next_label = first.suggestion.label, second.suggestion.label
    editor.title.setFocus()
    while QApplication.focusWidget() is not first.accept_button:  # as the user gets there
        _press(qtbot, Qt.Key.Key_Tab)
    _press(qtbot, Qt.Key.Key_Space)
    assert label in editor.skills.labels()
    qtbot.wait(400)  # the suggestions refresh after their pause
    focused = QApplication.focusWidget()
    assert focused is not None and focused.isVisible() and focused.hasFocus()
    assert focused.accessibleName() == f"Accept {next_label}"
    # Focus that came from the keyboard: the style still draws its focus frame.
    assert editor.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)

    # Accepting every suggestion leaves the focus in the skill input.
    while editor.suggestions.chips:
        _press(qtbot, Qt.Key.Key_Space)
        qtbot.wait(300)
        if not editor.suggestions.chips:
            break
        assert QApplication.focusWidget().accessibleName().startswith("Accept ")
    assert editor.skills.input.hasFocus()


def test_enter_adds_the_typed_skill_and_the_popup_stays_closed(qtbot) -> None:  # type: ignore[no-untyped-def]
    tags = SkillTagEditor(lambda text: ["Data analysis", "Data ethics", "Databases"])
    qtbot.addWidget(tags)
    tags.show()
    tags.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tags)
    tags.input.setFocus()
    qtbot.keyClicks(tags.input, "Data")
    qtbot.waitUntil(tags.completer.popup().isVisible)
    _press(qtbot, Qt.Key.Key_Return)
    assert tags.labels() == ["Data"]
    assert tags.input.text() == ""
    qtbot.wait(50)
    assert not tags.completer.popup().isVisible()
    assert tags.input.hasFocus()


def test_enter_on_a_highlighted_completion_adds_that_skill(qtbot) -> None:  # type: ignore[no-untyped-def]
    tags = SkillTagEditor(lambda text: ["Data analysis", "Data ethics", "Databases"])
    qtbot.addWidget(tags)
    tags.show()
    tags.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tags)
    tags.input.setFocus()
    qtbot.keyClicks(tags.input, "Dat")
    qtbot.waitUntil(tags.completer.popup().isVisible)
    _press(qtbot, Qt.Key.Key_Down)
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(50)
    assert tags.labels() == ["Data analysis"]
    assert tags.input.text() == ""
    assert not tags.completer.popup().isVisible()
    assert tags.note.text() == ""  # no "already listed" from a second add


def _goals_page(demo_db, qtbot):  # type: ignore[no-untyped-def]
    from portfolio.ui.pages.goals_page import GoalsPage

    ctx = UiContext(
        database=demo_db, bus=AppBus(), tasks=TaskRunner(serial=True), undo_stack=QUndoStack()
    )
    with demo_db.read_session() as session:
        ctx.learner_id = find_learner(session, "Samantha Kolb").id
    page = GoalsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    return page


def _targets(demo_db) -> list[str]:  # type: ignore[no-untyped-def]
    from portfolio.services.roles import target_roles

    with demo_db.read_session() as session:
        sam = find_learner(session, "Samantha Kolb")
        return [role.name for role in target_roles(session, sam.id)]


def test_enter_in_find_a_role_adds_it_as_a_target(demo_db, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _goals_page(demo_db, qtbot)
    assert "Cloud Administrator" not in _targets(demo_db)
    page.role_picker.setFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "Cloud Administrator")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(20)
    shown = [page.role_list.item(i).text() for i in range(page.role_list.count())]
    assert "Cloud Administrator" in shown
    assert _targets(demo_db)[-1] == "Cloud Administrator"
    assert page.role_title.text() == "Cloud Administrator"
    assert page.role_picker.currentText() == ""  # ready for the next role
    assert not page.role_picker.completer().popup().isVisible()


def test_enter_on_a_highlighted_role_adds_that_role(demo_db, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _goals_page(demo_db, qtbot)
    page.role_picker.setFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "cloud admin")
    popup = page.role_picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    _press(qtbot, Qt.Key.Key_Down)
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(20)
    assert _targets(demo_db)[-1] == "Cloud Administrator"
    assert page.role_picker.currentText() == ""
    assert not popup.isVisible()

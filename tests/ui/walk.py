"""Walk every page and dialog of the app, and check what a keyboard or screen-reader user meets.

`walk(window, qtbot, visit, import_file)` shows each sidebar page of a main window (built with the
`make_window` fixture, on the demo data) and opens every dialog the way a user would, calling
`visit(name, top)` with each top-level widget while it is on screen (a modal dialog is closed
right after its visit, so `visit` must not keep it). Each menu of the menu bar is visited on its
own. Other tests may walk the app with their own `visit`: `from tests.ui.walk import walk`.

`mnemonic_clashes(top)` and `unnamed_widgets(top)` return what is wrong in one top-level widget,
as sentences naming the widgets, so a test can report every offender at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAccessible, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

Visit = Callable[[str, QWidget], None]

# Widgets a user reaches with Tab or a screen reader's cursor, and which need a name.
INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QAbstractSlider,
)
# The parts inside these (a combo box's line edit, a table's header and corner button, a line
# edit's clear button, a tab bar's scroll arrows) are named through their owner.
COMPOSITE = (*INTERACTIVE, QTabBar)


def describe(widget: QWidget) -> str:
    """A widget as a person reading the test output can find it."""
    name = widget.objectName()
    label = ""
    for attr in ("text", "placeholderText", "title"):
        fn = getattr(widget, attr, None)
        if callable(fn):
            try:
                value = fn()
            except TypeError:
                continue
            if isinstance(value, str) and value:
                label = value
                break
    parent = widget.parentWidget()
    where = type(parent).__name__ if parent is not None else "-"
    bits = [type(widget).__name__]
    if name:
        bits.append(f"#{name}")
    if label:
        bits.append(repr(label[:40]))
    bits.append(f"in {where}")
    return " ".join(bits)


def _own_widgets(top: QWidget) -> list[QWidget]:
    """The visible widgets of `top`'s own window (not of dialogs parented to it)."""
    return [w for w in top.findChildren(QWidget) if w.window() is top and w.isVisible()]


def _mnemonic(text: str) -> str:
    key = QKeySequence.mnemonic(text)
    return key.toString() if not key.isEmpty() else ""


def mnemonic_clashes(top: QWidget) -> list[str]:
    """Alt+letter shortcuts that reach more than one place in `top` (one menu counts alone)."""
    owners: dict[str, list[str]] = defaultdict(list)

    def note(text: str, what: str) -> None:
        key = _mnemonic(text)
        if key:
            owners[key].append(f"{what} {text!r}")

    if isinstance(top, QMenu):
        for action in top.actions():
            if action.isVisible() and not action.isSeparator():
                note(action.text(), "menu item")
    else:
        if isinstance(top, QMainWindow):
            for action in top.menuBar().actions():
                if action.isVisible():
                    note(action.text(), "menu")
        for widget in _own_widgets(top):
            if isinstance(widget, QLabel):
                if widget.buddy() is not None:
                    note(widget.text(), "label")
            elif isinstance(widget, QAbstractButton):
                note(widget.text(), type(widget).__name__)
            elif isinstance(widget, QGroupBox):
                note(widget.title(), "group box")
            elif isinstance(widget, QTabWidget):
                for i in range(widget.count()):
                    if widget.isTabVisible(i):
                        note(widget.tabText(i), "tab")
    return [
        f"{key} reaches {len(what)} places: " + ", ".join(what)
        for key, what in sorted(owners.items())
        if len(what) > 1
    ]


def accessible_name(widget: QWidget) -> str:
    """The name assistive technology announces for `widget` (its own, a buddy's or its text)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def unnamed_widgets(top: QWidget) -> list[str]:
    """The visible interactive widgets of `top` a screen reader would announce without a name."""
    offenders = []
    for widget in _own_widgets(top):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QScrollBar):
            continue
        parent = widget.parentWidget()
        inside = False
        while parent is not None and parent is not top:
            if isinstance(parent, COMPOSITE):
                inside = True
                break
            parent = parent.parentWidget()
        if not inside and not accessible_name(widget):
            offenders.append(describe(widget))
    return offenders


# -- the walk ---------------------------------------------------------------------------------


def _on_next_modal(qtbot: Any, name: str, visit: Visit, seen: list[str]) -> None:
    """Visit the next modal dialog that opens, then close it (Escape's effect)."""
    tries = [0]

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            tries[0] += 1
            if tries[0] < 300:  # three seconds: the dialog did not open, the walk says so
                QTimer.singleShot(10, poll)
            return
        try:
            qtbot.waitExposed(dialog)
            seen.append(name)
            visit(name, dialog)
        finally:
            if isinstance(dialog, QDialog):
                dialog.reject()
            else:
                dialog.close()

    QTimer.singleShot(0, poll)


def _modal(qtbot: Any, name: str, visit: Visit, open_it: Callable[[], object]) -> None:
    seen: list[str] = []
    _on_next_modal(qtbot, name, visit, seen)
    open_it()
    assert seen == [name], f"{name} did not open"


def _window_dialog(
    qtbot: Any,
    window: QWidget,
    name: str,
    visit: Visit,
    cls: type,
    states: dict[str, Callable[[Any], object]] | None = None,
) -> None:
    """Visit the (window-modal, `open()`ed) dialog of class `cls` the window just showed, then
    again in each of `states` (name: a change that shows other widgets)."""
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(cls)))
    dialog = next(d for d in window.findChildren(cls) if d.isVisible())
    qtbot.waitExposed(dialog)
    try:
        visit(name, dialog)
        for state, change in (states or {}).items():
            change(dialog)
            visit(f"{name} ({state})", dialog)
    finally:
        dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible())


def _import_into_new_learner(dialog: Any) -> None:
    from portfolio.ui.dialogs.import_dialog import NEW_LEARNER

    combo = dialog.learner_combo
    combo.setCurrentIndex(combo.findData(NEW_LEARNER))
    assert dialog.new_name.isVisible()


def walk(window: Any, qtbot: Any, visit: Visit, import_file: Path) -> list[str]:
    """Visit every page, menu and dialog of `window` (a MainWindow on the demo data); returns the
    names visited, in order. `import_file` is a small file the import preview reads."""
    from portfolio.ui import wiring
    from portfolio.ui.dialogs.backups_dialog import BackupsDialog
    from portfolio.ui.dialogs.esco_import_dialog import EscoImportDialog
    from portfolio.ui.dialogs.import_dialog import ImportDialog
    from portfolio.ui.pages import PAGES

    names: list[str] = []

    def see(name: str, top: QWidget) -> None:
        names.append(name)
        visit(name, top)

    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is not None:
            see(f"{menu_action.text().replace('&', '')} menu", menu)
    for index, page in enumerate(PAGES):
        window.show_page(index)
        assert window.current_page() is window.page(index)
        qtbot.wait(10)  # let a page's deferred layout (row heights, chips) settle
        see(f"{page.title} page", window)

    credentials = window.page(1)
    window.show_page(1)
    _modal(qtbot, "Credential editor (new)", see, window.add_action.trigger)
    credentials.select_id(credentials.model.rows()[0].id)
    _modal(qtbot, "Credential editor (edit)", see, window.edit_action.trigger)

    experience = window.page(2)
    window.show_page(2)
    _modal(qtbot, "Experience editor (new)", see, window.add_action.trigger)
    experience.select_id(experience.model.rows()[0].id)
    _modal(qtbot, "Experience editor (edit)", see, window.edit_action.trigger)

    goals = window.page(4)
    window.show_page(4)
    _modal(qtbot, "Role dialog (new)", see, goals.new_role)
    if goals.current_role_id() is None:
        goals.role_list.setCurrentRow(0)
    if goals.current_role_id() is not None:
        _modal(qtbot, "Role dialog (edit)", see, goals.edit_role)

    window.show_page(6)
    _modal(qtbot, "New CV variant", see, window.page(6).new_button.click)

    _modal(qtbot, "New learner", see, window.new_learner_action.trigger)
    _modal(qtbot, "Quick switcher", see, window.quick_switch)
    from portfolio.ui.dialogs.delete_learner import DeleteLearnerDialog
    from portfolio.ui.help import AboutDialog, GuideDialog, ShortcutsDialog

    for name, open_it, cls in (
        ("About box", window.about, AboutDialog),
        ("User guide", window.user_guide, GuideDialog),
        ("Keyboard shortcuts", window.shortcuts, ShortcutsDialog),
        ("Delete learner", window.delete_learner_action.trigger, DeleteLearnerDialog),
    ):
        open_it()
        _window_dialog(qtbot, window, name, see, cls)

    wiring._open_import(window, [import_file])
    _window_dialog(
        qtbot,
        window,
        "Import preview",
        see,
        ImportDialog,
        {"into a new learner": _import_into_new_learner},
    )
    window.backups_requested.emit()
    _window_dialog(qtbot, window, "Backups", see, BackupsDialog)
    window.esco_import_requested.emit()
    _window_dialog(qtbot, window, "ESCO import", see, EscoImportDialog)
    return names

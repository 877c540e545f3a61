"""Help ▸ User guide (F1), Keyboard shortcuts and About, on a real main window."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QTextCursor

from portfolio import __version__
from portfolio.services.skills import ESCO_ATTRIBUTION
from portfolio.ui.help import AboutDialog, GuideDialog, ShortcutsDialog, guide_markdown, slug


def native(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def test_the_guide_ships_in_the_package_and_covers_each_topic() -> None:
    from portfolio.assets import resource

    assert resource("help", "guide.md").is_file()
    text = guide_markdown()
    for topic in (
        "First start",
        "Learners",
        "Credentials",
        "Skills",
        "Goals and the gap",
        "Sessions and the action plan",
        "Exporting a CV",
        "Importing",
        "Backups",
        "Privacy",
        "Deleting a learner",
    ):
        assert f"\n## {topic}\n" in text
        assert f"(#{slug(topic)})" in text  # the contents line links to it


def test_f1_opens_the_guide_and_its_links_work(demo_db, make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(QUrl(url)) or True)
    window = make_window(demo_db)
    # The offscreen platform has no active window to deliver shortcuts to: trigger the action
    # that F1 is bound to.
    (f1,) = [a for a in window.actions() if QKeySequence("F1") in a.shortcuts()]
    f1.trigger()
    guide = window.findChild(GuideDialog)
    assert guide is not None and guide.isVisible()
    qtbot.waitExposed(guide)
    assert "Deleting a learner" in guide.browser.toPlainText()
    bar = guide.browser.verticalScrollBar()
    assert bar.value() == 0
    guide.browser.anchorClicked.emit(QUrl("#deleting-a-learner"))
    assert bar.value() > 0  # scrolled to the heading, inside the guide
    assert opened == []  # nothing left the app by itself
    # A real click on the ESCO link (the only web link) opens it with the desktop's browser.
    found = guide.browser.document().find("https://esco.ec.europa.eu")
    assert not found.isNull()
    inside = QTextCursor(guide.browser.document())
    inside.setPosition(found.selectionStart() + 3)
    guide.browser.setTextCursor(inside)
    guide.browser.ensureCursorVisible()
    point = guide.browser.cursorRect(inside).center()
    qtbot.mouseClick(guide.browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert [url.toString() for url in opened] == ["https://esco.ec.europa.eu"]
    assert guide.browser.source().isEmpty()  # the pane still shows the guide
    guide.close()


def test_the_shortcut_list_is_read_from_the_window_actions(demo_db, make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db)
    # A shortcut given to an action shows in the list with no other change.
    window.delete_learner_action.setShortcut(QKeySequence("Ctrl+Alt+D"))
    window.shortcuts()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    rows = dialog.rows()
    by_command = {command: (keys, where) for keys, command, where in rows}
    assert by_command["Go to learner"] == (native("Ctrl+K"), "Go to learner")
    assert by_command["Import"] == (native("Ctrl+I"), "File")
    assert by_command["Undo the last change"][0].startswith(native("Ctrl+Z"))
    assert by_command["Delete learner"] == (native("Ctrl+Alt+D"), "File")
    assert by_command["User guide"][0].startswith(native("F1"))
    assert by_command["Keyboard shortcuts"] == (native("Ctrl+/"), "Help")  # as the guide says
    assert by_command["Credentials"] == (native("Ctrl+2"), "View")
    assert ("F2 or double-click", "Reword the selected action", "Sessions") in rows
    dialog.close()


def test_about_names_the_version_data_folder_licence_and_esco(demo_db, make_window, home) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db)
    window.about()
    about = window.findChild(AboutDialog)
    assert about is not None and about.isVisible()
    assert about.values["Version"] == __version__
    assert about.values["Data folder"] == str(home)
    assert about.values["Portfolio file"] == str(demo_db.path)
    assert about.values["Licence"].startswith("MIT")
    assert about.attribution.text() == ESCO_ATTRIBUTION
    shown = [label.text() for label in about.findChildren(type(about.attribution))]
    assert str(demo_db.path) in shown
    about.close()

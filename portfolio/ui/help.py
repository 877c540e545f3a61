"""Help ▸ User guide (F1), Keyboard shortcuts and About.

The guide is `resources/help/guide.md`, shipped in the package and shown offline in a
QTextBrowser: links inside it scroll to their heading, and a web link opens in the browser only
when it is clicked. The shortcut list is read from the window's own actions (plus the few keys
that belong to one page), so it says what the window really does.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from portfolio import APP_NAME, __version__
from portfolio.assets import resource

if TYPE_CHECKING:
    from portfolio.ui.main_window import MainWindow

GUIDE = ("help", "guide.md")
WEB_SCHEMES = frozenset({"http", "https", "mailto"})


def guide_markdown() -> str:
    """The user guide's Markdown, from the installed package (or the checkout)."""
    return resource(*GUIDE).read_text(encoding="utf-8")


def slug(title: str) -> str:
    """A heading's anchor as Markdown writers spell it: "Goals and the gap" -> "goals-and-the-gap"."""
    words = re.sub(r"[^\w\s-]", "", title.strip().lower())
    return re.sub(r"\s+", "-", words)


def _name_headings(browser: QTextBrowser) -> None:
    # Qt's Markdown reader gives headings no anchors: name each one by its slug, so the guide's
    # "[Backups](#backups)" links (the ones GitHub renders too) find their heading.
    document = browser.document()
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0:
            cursor = QTextCursor(block)
            cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
            anchor = QTextCharFormat()
            anchor.setAnchor(True)
            anchor.setAnchorNames([slug(block.text())])
            cursor.mergeCharFormat(anchor)
        block = block.next()


class GuideDialog(QDialog):
    """The user guide in a browser pane that never goes online by itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} — User guide")
        self.resize(760, 640)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("User guide")
        # Every link comes to _follow: anchors scroll here, web links go to the browser.
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.document().setDocumentMargin(14)
        self.browser.setMarkdown(guide_markdown())
        _name_headings(self.browser)
        self.browser.anchorClicked.connect(self.follow)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)

    def follow(self, url: QUrl) -> None:
        """Go to a heading of the guide, or open a web link in the user's browser."""
        if url.scheme() in WEB_SCHEMES:
            QDesktopServices.openUrl(url)
        elif url.fragment():
            self.browser.scrollToAnchor(url.fragment())


@dataclass(frozen=True)
class Shortcut:
    keys: str  # as the platform writes them: "Ctrl+K" (⌘K on a Mac)
    command: str
    where: str


# Keys a page handles itself (not window actions); keep in step with the pages named.
PAGE_SHORTCUTS = (
    Shortcut("Enter or double-click", "Edit the selected record", "Credentials, Experience"),
    Shortcut("F2 or double-click", "Reword the selected action", "Sessions"),
    Shortcut("Enter", "Claim the skill typed under the table", "Skills"),
    Shortcut("Enter", "Add the skill typed in the skills field", "Credential editor"),
    Shortcut("Esc", "Close a dialog without saving", "Dialogs"),
    Shortcut("Drop files on the window", "Import them (with a preview first)", "Window"),
)


def _text(action: QAction) -> str:
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


# Keys people type without a modifier; dedicated keys (Undo, Help, Save...) found on few
# keyboards are left out of the list.
_PLAIN_KEYS = {Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Escape, Qt.Key.Key_Return}


def _typeable(sequence: QKeySequence) -> bool:
    combination = sequence[0]  # type: ignore[index]
    key = combination.key()
    if combination.keyboardModifiers() != Qt.KeyboardModifier.NoModifier:
        return True
    return key in _PLAIN_KEYS or Qt.Key.Key_F1.value <= key.value <= Qt.Key.Key_F35.value


def _keys(action: QAction) -> str:
    native = QKeySequence.SequenceFormat.NativeText
    keys: list[str] = []
    for sequence in action.shortcuts():
        text = sequence.toString(native)
        if not sequence.isEmpty() and _typeable(sequence) and text not in keys:
            keys.append(text)
    return " or ".join(keys)


def window_shortcuts(window: QMainWindow) -> list[Shortcut]:
    """Every shortcut of the window's menus (from the actions themselves), then the page keys."""
    rows: list[Shortcut] = []
    seen: set[int] = set()
    # The undo stack's actions carry the step in their text ("Undo Delete credential").
    fixed = {
        id(action): name
        for action, name in (
            (getattr(window, "undo_action", None), "Undo the last change"),
            (getattr(window, "redo_action", None), "Redo"),
        )
        if action is not None
    }
    for top in window.menuBar().actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        for action in menu.actions():
            keys = _keys(action)
            if action.isSeparator() or not keys or id(action) in seen:
                continue
            seen.add(id(action))
            rows.append(Shortcut(keys, fixed.get(id(action), _text(action)), _text(top)))
    return rows + list(PAGE_SHORTCUTS)


class ShortcutsDialog(QDialog):
    """A table of shortcuts: keys, what they do, where."""

    def __init__(self, shortcuts: list[Shortcut], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(760, 600)
        self.table = QTableWidget(len(shortcuts), 3)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "Command", "Menu or page"])
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for row, shortcut in enumerate(shortcuts):
            for col, text in enumerate((shortcut.keys, shortcut.command, shortcut.where)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, str, str]]:
        def text(row: int, col: int) -> str:
            item = self.table.item(row, col)
            return "" if item is None else item.text()

        return [(text(r, 0), text(r, 1), text(r, 2)) for r in range(self.table.rowCount())]


def _value(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class AboutDialog(QDialog):
    """Version, where the data lives, licence and the ESCO attribution."""

    def __init__(self, database_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from portfolio.db.backup import backup_dir_for
        from portfolio.paths import AppPaths
        from portfolio.services.skills import ESCO_ATTRIBUTION

        self.setWindowTitle(f"About {APP_NAME}")
        self.setMinimumWidth(560)
        self.data_dir = AppPaths.from_environment().data_dir
        title = _value(f"{APP_NAME} {__version__}")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() + 4)
        font.setBold(True)
        title.setFont(font)
        blurb = _value(
            "Degrees, bootcamps and micro-credentials in one place, mapped to skills, exported "
            "as a CV tailored to the role you want. Your data stays on this computer."
        )
        form = QFormLayout()
        self.values: dict[str, str] = {
            "Version": __version__,
            "Data folder": str(self.data_dir),
            "Portfolio file": str(database_path),
            "Backups": str(backup_dir_for(database_path)),
            "Licence": "MIT (the app); fonts: Noto Sans, SIL Open Font License",
            "Built with": f"Qt {qVersion()}, PySide6 {PYSIDE_VERSION}, "
            f"Python {sys.version.split()[0]}",
        }
        for name, text in self.values.items():
            form.addRow(name, _value(text))
        self.attribution = _value(ESCO_ATTRIBUTION)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_folder_button = buttons.addButton(
            "Open data folder", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_dir)))
        )
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addLayout(form)
        layout.addWidget(self.attribution)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(self.minimumWidth(), layout.heightForWidth(self.minimumWidth()))


D = TypeVar("D", bound=QDialog)


def _reuse(window: QWidget, kind: type[D]) -> D | None:
    found = window.findChild(kind)
    if found is not None and found.isVisible():
        found.raise_()
        found.activateWindow()
        return found
    return None


def show_guide(window: QMainWindow) -> GuideDialog:
    """Open the user guide beside the window (one at a time); it can stay open while working."""
    dialog = _reuse(window, GuideDialog) or GuideDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def show_shortcuts(window: QMainWindow) -> ShortcutsDialog:
    dialog = _reuse(window, ShortcutsDialog) or ShortcutsDialog(window_shortcuts(window), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def show_about(window: MainWindow) -> AboutDialog:
    dialog = AboutDialog(Path(window.ctx.database.path), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

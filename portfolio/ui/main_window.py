"""The main window: learner switcher, sidebar of pages, menus, status bar, drag and drop."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from portfolio import APP_NAME
from portfolio.errors import UserError
from portfolio.services.records import Changed, Kind, LearnerSummary
from portfolio.ui import messages, unsaved
from portfolio.ui.context import UiContext
from portfolio.ui.pages import PAGES
from portfolio.ui.style import MARGIN, SPACING, app_icon
from portfolio.ui.welcome import WelcomePage

if TYPE_CHECKING:
    from portfolio.services.expiry_rules import ExpiryCount

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    first_paint = Signal()
    import_requested = Signal()  # File > Import… (answered in ui/wiring.py)
    backups_requested = Signal()  # File > Backups… (answered in ui/wiring.py)
    esco_import_requested = Signal()  # File > Import ESCO skills… (wired in ui/wiring.py)
    delete_learner_requested = Signal()  # File > Delete learner… (answered in ui/wiring.py)

    def __init__(
        self,
        ctx: UiContext,
        settings: QSettings,
        initial_learner: str | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.settings = settings
        self._painted = False
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.resize(1180, 760)

        # Top bar: learner switcher.
        self.learner_combo = QComboBox()
        self.learner_combo.setAccessibleName("Learner")
        self.learner_combo.setMinimumContentsLength(24)
        self.learner_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.learner_combo.activated.connect(self._on_combo)
        learner_label = QLabel("&Learner")
        learner_label.setBuddy(self.learner_combo)
        # The current learner's expired / expiring credentials; a click opens Credentials.
        self.expiry_button = QPushButton("")
        self.expiry_button.setFlat(True)
        self.expiry_button.setAccessibleName("Expiring credentials")
        self.expiry_button.clicked.connect(lambda: self.show_page(1))
        self.expiry_button.hide()
        switch_button = QPushButton("Go to… (Ctrl+K)")
        switch_button.setFlat(True)
        switch_button.setToolTip("Find a learner by typing part of their name")
        switch_button.clicked.connect(self.quick_switch)
        bar = QWidget()
        bar.setObjectName("learnerBar")
        bar_layout = QHBoxLayout(bar)
        bar_layout.setContentsMargins(MARGIN, SPACING, MARGIN, SPACING)
        bar_layout.addWidget(learner_label)
        bar_layout.addWidget(self.learner_combo)
        bar_layout.addWidget(self.expiry_button)
        bar_layout.addWidget(switch_button)
        bar_layout.addStretch(1)

        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName("Pages")
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setStyleSheet("QListWidget#sidebar::item { padding: 6px 10px; }")
        self.sidebar.setFrameShape(QListWidget.Shape.NoFrame)
        self.sidebar.setMinimumWidth(150)
        self.sidebar.setSpacing(2)
        font = self.sidebar.font()
        font.setPointSizeF(font.pointSizeF() + 1)
        self.sidebar.setFont(font)
        self.stack = QStackedWidget()
        # Pages are built when first shown, so start-up pays only for the page on screen.
        self._built: dict[int, QWidget] = {}
        self._placeholders: list[QWidget] = []
        for page in PAGES:
            placeholder = QWidget()
            self._placeholders.append(placeholder)
            self.stack.addWidget(placeholder)
            self.sidebar.addItem(QListWidgetItem(QIcon.fromTheme(page.icon), page.title))
        self._group_stacked: bool | None = None
        self.welcome = WelcomePage()
        self.welcome.demo_button.clicked.connect(self.load_demo)
        self.welcome.new_button.clicked.connect(self.new_learner)
        self.stack.addWidget(self.welcome)
        self.sidebar.currentRowChanged.connect(self._show_page)

        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([180, 1000])
        self.splitter.setChildrenCollapsible(False)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(bar)
        central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self._build_menus()
        ctx.bus.status.connect(lambda text: self.statusBar().showMessage(text, 6000))
        ctx.bus.changed.connect(self._on_changed)

        self._learners: list[LearnerSummary] = []
        self._expiring: dict[int, ExpiryCount] = {}
        self._restore(initial_learner)

    # -- menus ------------------------------------------------------------------------------------
    def _action(
        self,
        text: str,
        slot: Any,
        shortcut: QKeySequence.StandardKey | str | None = None,
        menu: QMenu | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, QKeySequence.StandardKey):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        if menu is not None:
            menu.addAction(action)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_learner_action = self._action(
            "&New learner…", self.new_learner, "Ctrl+Shift+N", file_menu
        )
        self.delete_learner_action = self._action(
            "&Delete learner…", self.delete_learner_requested.emit, None, file_menu
        )
        self.save_action = self._action(
            "&Save", lambda: self._page_call("save"), QKeySequence.StandardKey.Save, file_menu
        )
        file_menu.addSeparator()
        self._action("&Import…", self.import_requested.emit, "Ctrl+I", file_menu)
        self._action("Import &ESCO skills…", self.esco_import_requested.emit, None, file_menu)
        self._action("&Backups…", self.backups_requested.emit, None, file_menu)
        file_menu.addSeparator()
        self._action("&Quit", self.close, QKeySequence.StandardKey.Quit, file_menu)

        edit_menu = bar.addMenu("&Edit")
        self.undo_action = self.ctx.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.ctx.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(
            [*QKeySequence.keyBindings(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Shift+Z")]
        )
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.add_action = self._action(
            "&Add…", lambda: self._page_call("add"), QKeySequence.StandardKey.New, edit_menu
        )
        self.edit_action = self._action(
            "&Edit…", lambda: self._page_call("edit"), "Ctrl+E", edit_menu
        )
        self.delete_action = self._action(
            "&Delete", lambda: self._page_call("delete"), QKeySequence.StandardKey.Delete, edit_menu
        )
        edit_menu.addSeparator()
        self._action(
            "&Find",
            lambda: self._page_call("focus_search"),
            QKeySequence.StandardKey.Find,
            edit_menu,
        )

        view_menu = bar.addMenu("&View")
        for i, page in enumerate(PAGES):
            self._action(
                page.title, lambda _=False, i=i: self.show_page(i), f"Ctrl+{i + 1}", view_menu
            )

        go_menu = bar.addMenu("&Go to learner")
        self._action("&Go to learner…", self.quick_switch, "Ctrl+K", go_menu)

        help_menu = bar.addMenu("&Help")
        self._action(
            "User &guide", self.user_guide, QKeySequence.StandardKey.HelpContents, help_menu
        )
        self._action("&Keyboard shortcuts", self.shortcuts, "Ctrl+/", help_menu)
        self._action("&About", self.about, None, help_menu)

    def _page_call(self, name: str) -> None:
        page = self.stack.currentWidget()
        fn = getattr(page, name, None)
        if callable(fn):
            fn()

    # -- learners -------------------------------------------------------------------------------
    def reload_learners(self) -> None:
        from portfolio.db.first_screen import read_switcher
        from portfolio.ui.expiry_marker import blank_icon, expiry_icon, expiry_text

        quick = self.ctx.read_unopened(read_switcher)  # the first window: no ORM
        if quick is not None:
            self._learners, self._expiring = quick
        else:
            from portfolio.services.expiry import expiry_counts
            from portfolio.services.learners import list_learners

            with self.ctx.database.read_session() as session:
                self._learners = list_learners(session)
                self._expiring = expiry_counts(session)
        self.learner_combo.blockSignals(True)
        self.learner_combo.clear()
        # Names without a marker get a blank one, so every name starts at the same place.
        no_icon = blank_icon() if self._expiring else QIcon()
        for row, learner in enumerate(self._learners):
            self.learner_combo.addItem(learner.name, learner.id)
            flag = self._expiring.get(learner.id)
            if flag is not None:
                # The name stays the item's text; the count rides in an icon, said in words too.
                self.learner_combo.setItemIcon(row, expiry_icon(flag))
                words = f"{learner.name}: {expiry_text(flag)}"
                self.learner_combo.setItemData(row, words, Qt.ItemDataRole.ToolTipRole)
                self.learner_combo.setItemData(row, words, Qt.ItemDataRole.AccessibleTextRole)
            else:
                self.learner_combo.setItemIcon(row, no_icon)
        index = self.learner_combo.findData(self.ctx.learner_id)
        self.learner_combo.setCurrentIndex(index)
        self.learner_combo.blockSignals(False)
        self._update_expiry_button()

    def _update_expiry_button(self) -> None:
        from portfolio.ui.expiry_marker import expiry_icon, expiry_text

        flag = self._expiring.get(self.ctx.learner_id) if self.ctx.learner_id else None
        self.expiry_button.setVisible(flag is not None)
        if flag is None:
            return
        self.expiry_button.setIcon(expiry_icon(flag))
        self.expiry_button.setText(flag.describe())
        self.expiry_button.setToolTip(
            f"{expiry_text(flag).capitalize()}. Open the Credentials page to renew or update them."
        )

    def set_learner(self, learner_id: int | None) -> None:
        self.ctx.learner_id = learner_id
        index = self.learner_combo.findData(learner_id)
        self.learner_combo.setCurrentIndex(index)
        for page in self._built.values():
            set_learner = getattr(page, "set_learner", None)
            if callable(set_learner):
                set_learner(learner_id)
        name = next((x.name for x in self._learners if x.id == learner_id), None)
        self.setWindowTitle(f"{name} — {APP_NAME}" if name else APP_NAME)
        self._update_expiry_button()
        self._update_empty_state()
        self.ctx.bus.learner_selected.emit(learner_id)

    def _on_combo(self, index: int) -> None:
        learner_id = self.learner_combo.itemData(index)
        if learner_id is not None and learner_id != self.ctx.learner_id:
            if not self.settle_unsaved_work():  # Cancel: the box shows the learner shown
                self.learner_combo.setCurrentIndex(self.learner_combo.findData(self.ctx.learner_id))
                return
            self.set_learner(int(learner_id))

    def _update_empty_state(self) -> None:
        empty = not self._learners
        self.sidebar.setEnabled(not empty)
        if empty:
            self.stack.setCurrentWidget(self.welcome)
        else:
            self._show_page(max(self.sidebar.currentRow(), 0))

    def quick_switch(self) -> None:
        from portfolio.ui.dialogs.quick_switcher import QuickSwitcher

        dialog = QuickSwitcher(self._learners, self, expiring=self._expiring)
        try:
            chosen = dialog.chosen if dialog.exec() else None
            if chosen is not None and chosen != self.ctx.learner_id and self.settle_unsaved_work():
                self.set_learner(chosen)
        finally:
            dialog.deleteLater()

    def new_learner(self) -> None:
        from portfolio.ui.dialogs.new_learner import NewLearnerDialog

        if not self.settle_unsaved_work():
            return
        dialog = NewLearnerDialog(self)
        try:
            if not dialog.exec():
                return
            data = dialog.value()
        finally:
            dialog.deleteLater()
        from portfolio.services.learners import create_learner

        try:
            with self.ctx.database.session() as session:
                learner_id = create_learner(session, data)
        except UserError as exc:
            messages.inform(self, "New learner", str(exc))
            return
        self.reload_learners()
        self.set_learner(learner_id)
        self.show_page(0)
        self.ctx.bus.status.emit(f"Added learner “{data.name.strip()}”")

    def load_demo(self) -> None:
        from portfolio.services.demo import load_demo

        with self.ctx.database.session() as session:
            added = load_demo(session)
        self.reload_learners()
        if self._learners and self.ctx.learner_id is None:
            self.set_learner(self._learners[0].id)
        self.ctx.bus.changed.emit(Changed(None, frozenset({Kind.LEARNER})))
        self.ctx.bus.status.emit(f"Added {len(added)} demo learner(s)")

    def _on_changed(self, changed: Changed) -> None:
        if changed.kinds & {Kind.LEARNER, Kind.CREDENTIAL}:
            self.reload_learners()
            ids = [x.id for x in self._learners]
            if self.ctx.learner_id is not None and self.ctx.learner_id not in ids:
                # The learner shown is gone (a restore from before they were added).
                self.set_learner(ids[0] if ids else None)
            name = next((x.name for x in self._learners if x.id == self.ctx.learner_id), None)
            self.setWindowTitle(f"{name} — {APP_NAME}" if name else APP_NAME)

    # -- pages ----------------------------------------------------------------------------------
    def page(self, index: int) -> Any:
        """The page at `index` of the sidebar, built on first use."""
        if index not in self._built:
            widget = PAGES[index].factory(self.ctx)
            placeholder = self._placeholders[index]
            self.stack.insertWidget(self.stack.indexOf(placeholder), widget)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[index] = widget
            group = getattr(widget, "group", None)
            if group is not None and self._group_stacked is not None:
                group.setChecked(self._group_stacked)
            set_learner = getattr(widget, "set_learner", None)
            if callable(set_learner):
                set_learner(self.ctx.learner_id)
        return self._built[index]

    def show_page(self, index: int) -> None:
        if self._learners and 0 <= index < len(PAGES):
            self.sidebar.setCurrentRow(index)

    def _show_page(self, index: int) -> None:
        if not self._learners or not (0 <= index < len(PAGES)):
            return
        shown = self.stack.currentWidget()
        if self._built.get(index) is not shown and not unsaved.settle_pages(self, [shown]):
            # Cancel: the sidebar goes back to the page shown, with its typed work.
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(self.stack.currentIndex())
            self.sidebar.blockSignals(False)
            return
        page = self.page(index)
        self.stack.setCurrentWidget(page)
        self.sidebar.setCurrentRow(index)
        self.add_action.setEnabled(hasattr(page, "add"))
        self.edit_action.setEnabled(hasattr(page, "edit"))
        self.delete_action.setEnabled(hasattr(page, "delete"))
        self.save_action.setEnabled(hasattr(page, "save"))

    def current_page(self) -> Any:
        return self.stack.currentWidget()

    # -- files, requests ------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.ctx.bus.files_dropped.emit(paths)

    # Help ▸ … live in ui/help.py, imported when first asked for.
    def user_guide(self) -> None:
        from portfolio.ui.help import show_guide

        show_guide(self)

    def shortcuts(self) -> None:
        from portfolio.ui.help import show_shortcuts

        show_shortcuts(self)

    def about(self) -> None:
        from portfolio.ui.help import show_about

        show_about(self)

    # -- settings -------------------------------------------------------------------------------
    def _restore(self, initial_learner: str | None) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = s.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        group = s.value("credentials/group_stacked")
        if group is not None:
            self._group_stacked = str(group).lower() == "true"
        self.reload_learners()
        chosen: int | None = None
        if initial_learner:
            from portfolio.db.first_screen import learner_id_named

            chosen = self.ctx.read_unopened(lambda conn: learner_id_named(conn, initial_learner))
            if chosen is None:
                from portfolio.services.learners import find_learner

                with self.ctx.database.read_session() as session:
                    chosen = find_learner(session, initial_learner).id
        else:
            last = s.value("session/learner_id")
            ids = {x.id for x in self._learners}
            if last is not None and str(last).isdigit() and int(str(last)) in ids:
                chosen = int(str(last))
            elif self._learners:
                chosen = self._learners[0].id
        page = s.value("session/page")
        index = int(str(page)) if page is not None and str(page).isdigit() else 0
        self.sidebar.blockSignals(True)
        self.sidebar.setCurrentRow(min(index, len(PAGES) - 1))
        self.sidebar.blockSignals(False)
        self.set_learner(chosen)

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("session/page", self.sidebar.currentRow())
        if self.ctx.learner_id is not None:
            s.setValue("session/learner_id", self.ctx.learner_id)
        for page in self._built.values():
            group = getattr(page, "group", None)
            if group is not None:
                s.setValue("credentials/group_stacked", group.isChecked())
        s.sync()

    def settle_unsaved_work(self) -> bool:
        """Save, discard or keep (Cancel: False) what is typed on any page, before it goes."""
        return unsaved.settle_pages(self, self._built.values())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not (unsaved.settle_open_dialogs(self) and self.settle_unsaved_work()):
            event.ignore()  # Cancel: the window stays open with everything typed
            return
        self.save_settings()
        self.ctx.tasks.wait()
        super().closeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_paint.emit()

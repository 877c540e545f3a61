"""The Skills page: every skill of the learner with its evidence, and a chart by category."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio.enums import SkillLevel
from portfolio.errors import UserError
from portfolio.services.records import Changed
from portfolio.services.skills import ESCO_ATTRIBUTION, ProfileEntry, SkillProfile, skill_profile
from portfolio.ui import commands_skills, messages
from portfolio.ui.context import UiContext
from portfolio.ui.widgets.skill_chart import CategoryBar, SkillChart

SKILL_ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
UNBACKED_TEXT = "claimed, no evidence"
HIGHLIGHT = QColor("#fff3b0")


class _SortItem(QTreeWidgetItem):
    def __lt__(self, other: QTreeWidgetItem) -> bool:
        column = self.treeWidget().sortColumn() if self.treeWidget() else 0
        mine, theirs = self.data(column, SORT_ROLE), other.data(column, SORT_ROLE)
        if mine is None or theirs is None:
            return super().__lt__(other)
        return bool(mine < theirs)


class SkillsPage(QWidget):
    """Call `set_learner(id)`; the page refreshes itself when `ctx.bus.changed` concerns it."""

    COLUMNS = ("Skill", "Category", "Evidence", "Strongest level", "Latest")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.learner_id: int | None = None
        self.profile: SkillProfile | None = None

        self.title = QLabel("Skills")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.summary = QLabel("")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)

        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setColumnCount(len(self.COLUMNS))
        self.table.setHeaderLabels(list(self.COLUMNS))
        header_item = self.table.headerItem()
        header_item.setToolTip(2, "How many credentials and experiences show this skill")
        header_item.setToolTip(3, "The highest level its evidence shows, or the level claimed")
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(2, len(self.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # The skill's name matters most; long category names are elided instead.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 150)
        header.setMinimumSectionSize(60)
        self.table.setAccessibleName("Skills of the learner")
        self.table.currentItemChanged.connect(self._on_current_changed)

        self.chart = SkillChart()
        chart_title = QLabel("Skill profile by category")
        chart_title.setTextFormat(Qt.TextFormat.PlainText)
        evidence_title = QLabel("Evidence (credentials and experience)")
        evidence_title.setTextFormat(Qt.TextFormat.PlainText)
        self.evidence = QListWidget()
        self.evidence.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.evidence.setAccessibleName("Evidence behind the skills")
        self.attribution = QLabel(ESCO_ATTRIBUTION)
        self.attribution.setTextFormat(Qt.TextFormat.PlainText)
        self.attribution.setWordWrap(True)
        small = self.attribution.font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        self.attribution.setFont(small)
        self.attribution.setVisible(False)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(chart_title)
        right_layout.addWidget(self.chart)
        right_layout.addWidget(evidence_title)
        right_layout.addWidget(self.evidence, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        self._sized = False

        self.claim_text = QLineEdit()
        self.claim_text.setPlaceholderText(
            "A skill you have without a credential, e.g. Public speaking"
        )
        self.claim_text.setAccessibleName("Skill to claim")
        self.claim_text.setClearButtonEnabled(True)
        self.claim_button = QPushButton("Claim skill")
        self.unclaim_button = QPushButton("Remove claim")
        self.unclaim_button.setToolTip("Remove the selected skill you claimed (evidence stays)")
        claims = QHBoxLayout()
        claims.addWidget(self.claim_text, 1)
        claims.addWidget(self.claim_button)
        claims.addWidget(self.unclaim_button)
        self.claim_button.clicked.connect(self.claim)
        self.claim_text.returnPressed.connect(self.claim)
        self.unclaim_button.clicked.connect(self.unclaim)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(claims)
        layout.addWidget(self.attribution)

        ctx.bus.changed.connect(self._on_changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:  # first show: give the table the larger share
            self._sized = True
            width = max(self.splitter.width(), 600)
            self.splitter.setSizes([width * 3 // 5, width * 2 // 5])

    # -- loading -------------------------------------------------------------------------

    def set_learner(self, learner_id: int | None) -> None:
        self.learner_id = learner_id
        self.refresh()

    def refresh(self) -> None:
        if self.learner_id is None:
            profile = None
        else:
            with self.ctx.database.read_session() as session:
                profile = skill_profile(session, self.learner_id)
        self._show(profile)

    def _on_changed(self, changed: object) -> None:
        if self.learner_id is None or not isinstance(changed, Changed):
            return
        if changed.learner_id in (None, self.learner_id):
            self.refresh()

    def _show(self, profile: SkillProfile | None) -> None:
        current = self.current_skill_id()
        self.profile = profile
        entries = profile.entries if profile else ()
        self.table.setSortingEnabled(False)
        self.table.clear()
        for entry in entries:
            self.table.addTopLevelItem(self._row(entry))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self._fill_evidence(entries)
        self.chart.set_bars(category_bars(entries))
        backed = sum(1 for e in entries if not e.unbacked)
        unbacked = len(entries) - backed
        if profile is None:
            self.summary.setText("Choose a learner to see their skills.")
        elif not entries:
            self.summary.setText("No skills yet: link skills to a credential or experience.")
        else:
            text = f"{len(entries)} skills, {backed} backed by evidence"
            if unbacked:
                text += f", {unbacked} claimed without evidence"
            self.summary.setText(text + ".")
        self.attribution.setVisible(bool(profile and profile.has_esco))
        if current is not None:
            self.select_skill(current)
        self._update_claim_buttons()

    # -- claims ---------------------------------------------------------------------------

    def _current_entry(self) -> ProfileEntry | None:
        skill_id = self.current_skill_id()
        entries = self.profile.entries if self.profile else ()
        return next((e for e in entries if e.skill_id == skill_id), None)

    def _update_claim_buttons(self) -> None:
        entry = self._current_entry()
        self.claim_text.setEnabled(self.learner_id is not None)
        self.claim_button.setEnabled(self.learner_id is not None)
        self.unclaim_button.setEnabled(entry is not None and entry.claimed_level is not None)

    def claim(self) -> None:
        """Claim the skill typed in (undoable)."""
        label = self.claim_text.text().strip()
        if self.learner_id is None or not label:
            return
        try:
            skill_id = commands_skills.claim_skill(self.ctx, self.learner_id, label)
        except UserError as exc:
            messages.inform(self, "Claim skill", str(exc))
            return
        self.claim_text.clear()
        self.select_skill(skill_id)

    def unclaim(self) -> None:
        """Remove the selected claim after one confirmation (undoable)."""
        entry = self._current_entry()
        if self.learner_id is None or entry is None or entry.claimed_level is None:
            return
        undo = QKeySequence(QKeySequence.StandardKey.Undo).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        kept = " Its evidence stays." if entry.evidence else ""
        if messages.ask_yes_no(
            self,
            "Remove claim",
            f"Remove your claim to “{entry.label}”?{kept} You can undo this with {undo}.",
        ):
            commands_skills.unclaim_skill(self.ctx, self.learner_id, entry.skill_id)

    # Edit-menu actions of the main window (Ctrl+N, Delete).
    def add(self) -> None:
        self.claim_text.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def delete(self) -> None:
        self.unclaim()

    def _row(self, entry: ProfileEntry) -> QTreeWidgetItem:
        level = entry.strongest_level
        latest = entry.latest_text()
        evidence = UNBACKED_TEXT if entry.unbacked else str(entry.evidence_count)
        item = _SortItem([entry.label, entry.category or "Other", evidence, level.value, latest])
        item.setData(0, SKILL_ID_ROLE, entry.skill_id)
        item.setToolTip(0, entry.label)
        item.setData(0, SORT_ROLE, entry.label.casefold())
        item.setData(1, SORT_ROLE, (entry.category or "Other").casefold())
        item.setData(2, SORT_ROLE, entry.evidence_count)
        item.setData(3, SORT_ROLE, level.rank)
        item.setData(4, SORT_ROLE, "9999" if entry.current else (latest and _iso(entry)))
        item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if entry.unbacked:
            italic = QFont(item.font(0))
            italic.setItalic(True)
            grey = QBrush(QColor("#777777"))
            for column in range(len(self.COLUMNS)):
                item.setFont(column, italic)
                item.setForeground(column, grey)
            item.setToolTip(0, "Claimed by the learner, with no credential or experience behind it")
        return item

    def _fill_evidence(self, entries: tuple[ProfileEntry, ...]) -> None:
        self.evidence.clear()
        items: dict[tuple[str, int], QListWidgetItem] = {}
        skills_of: dict[tuple[str, int], set[int]] = {}
        for entry in entries:
            for ev in entry.evidence:
                key: tuple[str, int] = (str(ev.kind), ev.item_id)
                skills_of.setdefault(key, set()).add(entry.skill_id)
                if key in items:
                    continue
                when = "present" if ev.current else (ev.date.display() if ev.date else "undated")
                kind = "Credential" if ev.kind == "credential" else "Experience"
                org = f" — {ev.organization}" if ev.organization else ""
                item = QListWidgetItem(f"{kind}: {ev.title}{org} ({when})")
                item.setToolTip(item.text())
                items[key] = item
        for key, item in sorted(items.items(), key=lambda kv: (kv[0][0], kv[1].text())):
            item.setData(SKILL_ID_ROLE, sorted(skills_of[key]))
            item.setData(SORT_ROLE, key)
            self.evidence.addItem(item)

    # -- highlighting --------------------------------------------------------------------

    def current_skill_id(self) -> int | None:
        item = self.table.currentItem()
        return None if item is None else int(item.data(0, SKILL_ID_ROLE))

    def select_skill(self, skill_id: int) -> bool:
        for index in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(index)
            if item is not None and item.data(0, SKILL_ID_ROLE) == skill_id:
                self.table.setCurrentItem(item)
                return True
        return False

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        self._update_claim_buttons()
        skill_id = None if current is None else current.data(0, SKILL_ID_ROLE)
        first = None
        for index in range(self.evidence.count()):
            item = self.evidence.item(index)
            on = skill_id is not None and skill_id in (item.data(SKILL_ID_ROLE) or [])
            font = item.font()
            font.setBold(on)
            item.setFont(font)
            item.setBackground(QBrush(HIGHLIGHT) if on else QBrush())
            if on and first is None:
                first = item
        if first is not None:
            self.evidence.scrollToItem(first)

    def highlighted_evidence(self) -> list[str]:
        """Texts of the evidence items highlighted for the current skill (tests, accessibility)."""
        return [
            self.evidence.item(i).text()
            for i in range(self.evidence.count())
            if self.evidence.item(i).font().bold()
        ]


def _iso(entry: ProfileEntry) -> str:
    latest = entry.latest_date
    return latest.iso() if latest else ""


def category_bars(entries: tuple[ProfileEntry, ...]) -> list[CategoryBar]:
    """Chart data: per category, skills counted by strongest level, plus unbacked claims."""
    groups: dict[str, list[ProfileEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.category or "Other", []).append(entry)
    bars = []
    for category, members in groups.items():
        by_level: dict[SkillLevel, int] = {}
        for entry in members:
            if not entry.unbacked:
                by_level[entry.strongest_level] = by_level.get(entry.strongest_level, 0) + 1
        bars.append(CategoryBar(category, by_level, sum(1 for e in members if e.unbacked)))
    bars.sort(key=lambda b: (-b.total, b.category.casefold()))
    return bars

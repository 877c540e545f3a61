"""Table models for the big lists: light rows in, native sort keys out.

Rows are sorted in Python inside the source model (one `sorted()` over precomputed keys, which
is fast for 10,000 rows) and the proxy only filters, from a folded search string computed once
per row when the rows are loaded; neither sorting nor filtering calls `data()`.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from portfolio.dates import PartialDate
from portfolio.enums import CredentialStatus
from portfolio.services.records import CredentialRow, ExperienceRow
from portfolio.text import fold
from portfolio.ui.labels import label, number
from portfolio.ui.style import plain_tooltip, status_color

SortRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
StatusRole = Qt.ItemDataRole.UserRole + 3

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex


def date_key(value: PartialDate | None) -> tuple[int, int]:
    """Sort key of an optional date: missing dates sort before every real one."""
    return (0, 0) if value is None else (1, value.first_ordinal)


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    display: Callable[[R], str]
    sort_key: Callable[[R], Any]


class RowTableModel(QAbstractTableModel, Generic[R]):
    """A read-only table over a list of frozen rows with an `id`.

    The model keeps every row (`rows()`, in sort order) and exposes the ones that pass the
    current filter. Filtering is one list comprehension over precomputed folded strings followed
    by a model reset: with 10,000 rows that is about a millisecond, where asking a Python
    `filterAcceptsRow` about each row costs ~20 ms per keystroke in call overhead alone.
    """

    columns: Sequence[Column[R]] = ()
    # The roles data() answers (a view asks each cell for about a dozen; the rest get None at
    # once, which keeps a repaint of the visible rows cheap). Subclasses add their extra_data's.
    roles: frozenset[int] = frozenset(
        {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SortRole, IdRole}
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[R] = []
        self._rows: list[R] = []
        self._search: dict[int, str] | None = {}  # id(row) -> folded search text (None: not yet)
        self._keys: dict[int, dict[int, Any]] = {}  # column -> id(row) -> sort key, computed once
        self._words: list[str] = []
        self._predicate: Callable[[R], bool] | None = None
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- loading and filtering ------------------------------------------------------------------
    def set_rows(self, rows: Sequence[R], search: Sequence[str] | None = None) -> None:
        """Show `rows`; `search` may hold their search texts, computed off the UI thread."""
        self.beginResetModel()
        self._all = list(rows)
        self._prepare(search)
        self._apply_sort()
        self._rows = self._visible()
        self.endResetModel()

    def _prepare(self, search: Sequence[str] | None = None) -> None:
        # Without texts computed off the UI thread, they are folded when the first search needs
        # them (about 8 ms for 10,000 rows), not before the table first paints.
        self._search = (
            None
            if search is None
            else {id(row): text for row, text in zip(self._all, search, strict=True)}
        )
        self._keys.clear()

    def search_text(self, row: R) -> str:
        raise NotImplementedError

    def set_filter(self, words: list[str], predicate: Callable[[R], bool] | None) -> None:
        """Show only rows whose search text holds every word and that pass `predicate`."""
        old_words, old_predicate = self._words, self._predicate
        self._words, self._predicate = words, predicate
        if predicate is old_predicate and all(any(o in w for w in words) for o in old_words):
            # Typing on: every old word lies inside a new one, so the rows shown already hold
            # the old words and only the new words need checking, among them alone.
            visible = self._matching(self._rows, [w for w in words if w not in old_words])
        else:
            visible = self._visible()
        if len(visible) == len(self._rows) and all(map(operator.is_, visible, self._rows)):
            return
        self.beginResetModel()
        self._rows = visible
        self.endResetModel()

    def _visible(self) -> list[R]:
        rows = self._matching(self._all, self._words)
        if self._predicate is not None:
            rows = list(filter(self._predicate, rows))
        return rows

    def _matching(self, rows: list[R], words: list[str]) -> list[R]:
        if words:
            search = self._search_texts()
            for word in words:
                rows = [row for row in rows if word in search[id(row)]]
        return rows

    def _search_texts(self) -> dict[int, str]:
        if self._search is None:
            self._search = {id(row): self.search_text(row) for row in self._all}
        return self._search

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def rows(self) -> list[R]:
        """Every row, filtered or not."""
        return list(self._all)

    def total(self) -> int:
        return len(self._all)

    def row_of_id(self, item_id: int) -> int:
        for i, row in enumerate(self._rows):
            if row.id == item_id:  # type: ignore[attr-defined]
                return i
        return -1

    # -- Qt model API ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role not in self.roles
            or not index.isValid()
            or not (0 <= index.row() < len(self._rows))
        ):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, index.column(), index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(column.display(row)) or None
        if role == SortRole:
            return self.native_sort_value(column.sort_key(row))
        if role == IdRole:
            return row.id  # type: ignore[attr-defined]
        return self.extra_data(row, index.column(), role)

    @staticmethod
    def native_sort_value(key: Any) -> Any:
        """What SortRole reports: the real value (an int ordinal, a folded string, a float)."""
        if isinstance(key, tuple):
            return key[-1] if key and key[0] else None
        return key

    def display(self, row: R, column: int, row_number: int) -> str:
        return self.columns[column].display(row)

    def extra_data(self, row: R, column: int, role: int) -> Any:
        return None

    # -- sorting --------------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        old = list(self._rows)
        persistent = self.persistentIndexList()
        self._sort_column, self._sort_order = column, order
        self._apply_sort()
        self._rows = self._visible()
        if persistent:
            new_pos = {id(row): i for i, row in enumerate(self._rows)}
            self.changePersistentIndexList(
                persistent,
                [
                    self.index(new_pos[id(old[p.row()])], p.column()) if p.isValid() else p
                    for p in persistent
                ],
            )
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        """Order `_all` by the sort column's key (computed once per row and column)."""
        if not (0 <= self._sort_column < len(self.columns)):
            return
        keys = self._keys.get(self._sort_column)
        if keys is None:
            key = self.columns[self._sort_column].sort_key
            keys = {id(row): key(row) for row in self._all}
            self._keys[self._sort_column] = keys
        reverse = self._sort_order == Qt.SortOrder.DescendingOrder
        self._all.sort(key=lambda row: keys[id(row)], reverse=reverse)


def _status_key(row: CredentialRow, today: dt.date) -> str:
    if row.expiry_date is None:  # nothing to expire (most rows): the stored status decides
        if row.status == CredentialStatus.EXPIRED:
            return "expired"
        return "in_progress" if row.status == CredentialStatus.IN_PROGRESS else "completed"
    status = row.effective_status(today)
    if status == CredentialStatus.EXPIRED:
        return "expired"
    if row.expiring_soon(today):
        return "expiring"
    if status == CredentialStatus.IN_PROGRESS:
        return "in_progress"
    return "completed"


def _cred_date(row: CredentialRow) -> PartialDate | None:
    return row.end_date or row.start_date


def _date_text(row: CredentialRow) -> str:
    if row.end_date is None and row.start_date is not None:
        return f"Since {row.start_date.display()}"
    return row.end_date.display() if row.end_date else ""


def _credits(row: CredentialRow) -> str:
    if row.credit_value is None:
        return ""
    unit = row.credit_unit
    if unit is None or unit.value == "credits":
        noun = "credit" if row.credit_value == 1 else "credits"
    else:
        noun = label(unit) if unit.value != "hours" else "hours"
    return f"{number(row.credit_value)} {noun}"


class CredentialTableModel(RowTableModel[CredentialRow]):
    TITLE, KIND, ISSUER, DATE, STATUS, CREDITS, SKILLS = range(7)
    roles = RowTableModel.roles | {
        StatusRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
    }

    def __init__(self, parent: QObject | None = None, today: dt.date | None = None) -> None:
        self.today = today or dt.date.today()
        self._status: dict[int, str] = {}
        self._depth: dict[int, int] = {}
        self.grouped = True
        super().__init__(parent)
        self.columns = (
            Column("Title", lambda r: r.title, lambda r: fold(r.title)),
            Column("Kind", lambda r: label(r.kind), lambda r: label(r.kind)),
            Column("Issuer", lambda r: r.issuer, lambda r: fold(r.issuer)),
            Column("Date", _date_text, self._date_key),
            Column("Status", self._status_text, self._status_sort),
            Column("Credits", _credits, lambda r: r.credit_value or 0.0),
            Column("Skills", lambda r: r.skills, lambda r: fold(r.skills)),
        )
        self._sort_column = self.DATE
        self._sort_order = Qt.SortOrder.DescendingOrder

    @staticmethod
    def _date_key(row: CredentialRow) -> tuple[int, int]:
        return date_key(_cred_date(row))

    def _status_sort(self, row: CredentialRow) -> tuple[int, int]:
        rank = {"expired": 0, "expiring": 1, "in_progress": 2, "completed": 3}
        return (rank[self._status[row.id]], date_key(row.expiry_date)[1])

    def _status_text(self, row: CredentialRow) -> str:
        status = self._status.get(row.id) or _status_key(row, self.today)
        expiry = row.expiry_date.display() if row.expiry_date else ""
        if status == "expired":
            return f"Expired {expiry}".strip()
        if status == "expiring":
            return f"Expires {expiry}"
        if status == "in_progress":
            return "In progress"
        return f"Valid until {expiry}" if expiry else "Completed"

    def status_of(self, row_number: int) -> str:
        return self._status[self._rows[row_number].id]

    def depth_of(self, row_number: int) -> int:
        return self._depth.get(self._rows[row_number].id, 0) if self.grouped else 0

    def search_text(self, row: CredentialRow) -> str:
        return fold(f"{row.title}\n{row.issuer}\n{row.skills}")

    def status_of_row(self, row: CredentialRow) -> str:
        return self._status[row.id]

    def _prepare(self, search: Sequence[str] | None = None) -> None:
        self._status = {row.id: _status_key(row, self.today) for row in self._all}
        parents = {row.id: row.stacks_into_id for row in self._all}
        self._depth = {}  # only stacked rows; the rest are at depth 0
        for row in self._all:
            node = row.stacks_into_id
            if node is None or node not in parents:
                continue
            depth, seen = 0, {row.id}
            while node is not None and node in parents and node not in seen:
                seen.add(node)
                depth += 1
                node = parents[node]
            self._depth[row.id] = depth
        super()._prepare(search)

    def set_grouped(self, grouped: bool) -> None:
        self.grouped = grouped
        self.sort(self._sort_column, self._sort_order)

    def _apply_sort(self) -> None:
        super()._apply_sort()
        if not self.grouped:
            return
        # Stacked credentials follow what they stack into, in the current order among siblings.
        roots: list[CredentialRow] = []
        kids: dict[int, list[CredentialRow]] = {}
        for row in self._all:
            if self._depth.get(row.id, 0) and row.stacks_into_id is not None:
                kids.setdefault(row.stacks_into_id, []).append(row)
            else:
                roots.append(row)
        out: list[CredentialRow] = []
        stack = roots[::-1]
        while stack:
            row = stack.pop()
            out.append(row)
            if row.id in kids:
                stack.extend(kids.pop(row.id)[::-1])
        if len(out) < len(self._all):  # a cycle (never written by the services): keep them
            placed = {id(row) for row in out}
            out.extend(row for row in self._all if id(row) not in placed)
        self._all = out

    def display(self, row: CredentialRow, column: int, row_number: int) -> str:
        text = self.columns[column].display(row)
        if column == self.TITLE and self.grouped:
            depth = self._depth.get(row.id, 0)
            if depth:
                return "      " * (depth - 1) + "   ↳ " + text
        return text

    def extra_data(self, row: CredentialRow, column: int, role: int) -> Any:
        status = self._status[row.id]
        if role == StatusRole:
            return status
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == self.STATUS
            and status != "completed"
        ):
            return status_color(status)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.CREDITS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ExperienceTableModel(RowTableModel[ExperienceRow]):
    TITLE, ORGANIZATION, KIND, DATES, SKILLS = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = (
            Column("Title", lambda r: r.title, lambda r: fold(r.title)),
            Column("Organization", lambda r: r.organization, lambda r: fold(r.organization)),
            Column("Kind", lambda r: label(r.kind), lambda r: label(r.kind)),
            Column("Dates", _experience_dates, lambda r: date_key(r.start_date)),
            Column("Skills", lambda r: r.skills, lambda r: fold(r.skills)),
        )
        self._sort_column = self.DATES
        self._sort_order = Qt.SortOrder.DescendingOrder

    def search_text(self, row: ExperienceRow) -> str:
        return fold(f"{row.title}\n{row.organization}\n{row.skills}")


def _experience_dates(row: ExperienceRow) -> str:
    start = row.start_date.display() if row.start_date else ""
    end = "present" if row.current else (row.end_date.display() if row.end_date else "")
    if start and end:
        return f"{start} – {end}"
    return start or end


class SearchProxy(QSortFilterProxyModel):
    """The tiny proxy between a RowTableModel and its view.

    Searching (all words must appear, case and accents ignored) and row predicates are handed
    to the source model, which filters its light rows in one pass; sorting is handed to it too,
    so neither ever calls `data()` or a Python callback per row.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._predicate: Callable[[Any], bool] | None = None
        self.setDynamicSortFilter(False)

    def source(self) -> RowTableModel[Any]:
        model = self.sourceModel()
        assert isinstance(model, RowTableModel)
        return model

    def set_search(self, text: str) -> None:
        words = fold(text).split()
        if words != self._words:
            self._words = words
            self.source().set_filter(self._words, self._predicate)

    def set_row_filter(self, predicate: Callable[[Any], bool] | None) -> None:
        """Keep only rows (the frozen row objects) for which `predicate` is true."""
        self._predicate = predicate
        self.source().set_filter(self._words, self._predicate)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source().sort(column, order)

    def id_at(self, proxy_row: int) -> int | None:
        index = self.index(proxy_row, 0)
        return int(self.data(index, IdRole)) if index.isValid() else None

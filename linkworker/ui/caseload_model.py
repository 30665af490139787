"""The caseload as a Qt table model over plain CaseloadRow rows, and its filters.

Loading is lazy where it costs: the rows come from one query, but a row's cells are formatted
only when the view first paints it (and kept), so a caseload of ten thousand opens at once.

Sorting and filtering are done in Python over the row list, once per change, rather than by the
proxy asking the model one cell at a time (tens of thousands of calls across the Qt boundary for
a sort): the model sorts its own list (``sort``), and the proxy's filter reads a precomputed
yes/no per row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from linkworker.care.referral import STATE_LABELS

if TYPE_CHECKING:
    from linkworker.store.caseload import CaseloadRow


# Columns, in order.
NAME = 0
NHS_NUMBER = 1
STATUS = 2
KEY_WORKER = 3
WAITING = 4
LAST_CONTACT = 5
NEXT_FOLLOW_UP = 6
FLAGS = 7
COLUMN_COUNT = 8

# Custom roles.
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the person's id (any column)

Index = QModelIndex | QPersistentModelIndex
_WORD_BREAK = re.compile(r"[\s\-]+")
_FAR = dt.date.max


def uk_date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def local_date(moment: dt.datetime) -> dt.date:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().date()


def status_label(status: str) -> str:
    return STATE_LABELS.get(status, "No referral" if status == "no referral" else status)


def flags_text(row: CaseloadRow) -> str:
    flags = []
    if row.risk:
        flags.append("Risk")
    if row.overdue:
        flags.append("Overdue")
    if row.urgency == "urgent" and row.status in ("received", "contacted"):
        flags.append("Urgent")
    return " · ".join(flags)


def _cells(row: CaseloadRow) -> tuple[str, ...]:
    name = row.display_name
    if row.preferred_name:
        name = f"{name} ({row.preferred_name})"
    waiting = ""
    if row.waiting_days is not None:
        waiting = "1 day" if row.waiting_days == 1 else f"{row.waiting_days} days"
    return (
        name,
        row.nhs_number or "",
        status_label(row.status),
        row.key_worker or "",
        waiting,
        uk_date(row.last_contact) if row.last_contact else "",
        uk_date(row.next_follow_up) if row.next_follow_up else "",
        flags_text(row),
    )


_SORT_KEYS: dict[int, Callable[[CaseloadRow], Any]] = {
    NAME: lambda r: (r.family_name.casefold(), r.given_name.casefold()),
    NHS_NUMBER: lambda r: (r.nhs_number is None, r.nhs_number or ""),
    STATUS: lambda r: r.status,
    KEY_WORKER: lambda r: (r.key_worker is None, (r.key_worker or "").casefold()),
    WAITING: lambda r: -1 if r.waiting_days is None else r.waiting_days,
    LAST_CONTACT: lambda r: r.last_contact or dt.date.min,
    NEXT_FOLLOW_UP: lambda r: r.next_follow_up or _FAR,
    FLAGS: lambda r: (r.risk, r.overdue),
}


def name_words(row: CaseloadRow) -> frozenset[str]:
    names = [n for n in (row.given_name, row.family_name, row.preferred_name) if n]
    return frozenset(w.casefold() for n in names for w in [n, *_WORD_BREAK.split(n)] if w)


class CaseloadModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseloadRow] = []
        self._cells: dict[int, tuple[str, ...]] = {}  # formatted on first paint, by row id()
        self._headers = (
            self.tr("Name"),
            self.tr("NHS number"),
            self.tr("Status"),
            self.tr("Key worker"),
            self.tr("Waiting"),
            self.tr("Last contact"),
            self.tr("Next follow-up"),
            self.tr("Flags"),
        )
        self._sorted_by: tuple[int, Qt.SortOrder] = (NAME, Qt.SortOrder.AscendingOrder)
        self.loaded = False  # rows were read from the database (an empty list is news then)

    @property
    def rows(self) -> list[CaseloadRow]:
        return self._rows

    def set_rows(self, rows: list[CaseloadRow]) -> None:
        self.beginResetModel()
        self.loaded = True
        self._rows = list(rows)
        self._cells = {}
        self._sort_rows(*self._sorted_by)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_of(self, person_id: str) -> int | None:
        for i, row in enumerate(self._rows):
            if row.person_id == person_id:
                return i
        return None

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        key = _SORT_KEYS.get(column, _SORT_KEYS[NAME])
        name = _SORT_KEYS[NAME]
        self._rows.sort(key=name)  # a stable second key: the name
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self._sorted_by = (column, order)

    # -- QAbstractTableModel --------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        before = self._rows
        self._sort_rows(column, order)
        where = {id(r): i for i, r in enumerate(self._rows)}
        old = self.persistentIndexList()
        new = [self.index(where[id(before[i.row()])], i.column()) for i in old]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            cells = self._cells.get(id(row))
            if cells is None:
                cells = self._cells[id(row)] = _cells(row)
            return cells[index.column()]
        if role == PERSON_ID_ROLE:
            return row.person_id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == FLAGS:
            return _flag_tip(row)
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
            and 0 <= section < COLUMN_COUNT
        ):
            return self._headers[section]
        return None


def _flag_tip(row: CaseloadRow) -> str:
    tips = []
    if row.risk:
        tips.append("A risk or safeguarding concern is recorded.")
    if row.overdue:
        tips.append("A follow-up is past its date.")
    if row.urgency == "urgent":
        tips.append("The referral is urgent.")
    return " ".join(tips)


class CaseloadFilter(QSortFilterProxyModel):
    """The caseload's filters: search (name or NHS number), mine or the team's, status, overdue,
    needs first contact. Each change works out which rows pass in one pass over the rows.

    "ann smi" finds Ann Smith; "smi" finds Smith and Smithson but not Goldsmith; "943 476" finds
    NHS numbers starting so.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._digits = ""
        self._status: str | None = None
        self._mine: tuple[bool, str | None] = (False, None)
        self._overdue = False
        self._first_contact = False
        self._passes: list[bool] | None = None
        self._words_of: dict[int, frozenset[str]] = {}
        self.setDynamicSortFilter(False)

    def setSourceModel(self, model: Any) -> None:
        super().setSourceModel(model)
        model.modelReset.connect(self._source_reset)
        model.layoutChanged.connect(self._source_sorted)

    def _source_reset(self) -> None:
        self._passes = None
        self._words_of = {}

    def _source_sorted(self) -> None:
        self._passes = None

    # -- the filters ----------------------------------------------------------------------------

    def set_search(self, text: str) -> None:
        digits = re.sub(r"[\s-]", "", text)
        if digits.isdigit():
            self._words, self._digits = (), digits
        else:
            self._words = tuple(w.casefold() for w in _WORD_BREAK.split(text) if w)
            self._digits = ""
        self._refilter()

    def set_status(self, status: str | None) -> None:
        """Only people whose current referral is in ``status`` ("no referral" too); None: all."""
        self._status = status
        self._refilter()

    def set_mine(self, only_mine: bool, worker_id: str | None) -> None:
        """Only the people whose key worker is ``worker_id`` (on a laptop not yet connected to a
        server, everyone is the worker's own)."""
        self._mine = (only_mine, worker_id)
        self._refilter()

    def set_overdue(self, only: bool) -> None:
        self._overdue = only
        self._refilter()

    def set_needs_first_contact(self, only: bool) -> None:
        self._first_contact = only
        self._refilter()

    def filtering(self) -> bool:
        return bool(
            self._words or self._digits or self._status or self._mine[0] or self._overdue
            or self._first_contact
        )  # fmt: skip

    def _refilter(self) -> None:
        self.beginFilterChange()
        self._passes = None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _work_out(self) -> list[bool]:
        model = self.sourceModel()
        rows: list[CaseloadRow] = model.rows if isinstance(model, CaseloadModel) else []
        if not self.filtering():
            return [True] * len(rows)
        words, digits, status = self._words, self._digits, self._status
        only_mine, me = self._mine
        passes = []
        for row in rows:
            ok = True
            if (
                (status is not None and row.status != status)
                or (only_mine and me is not None and row.key_worker_id != me)
                or (self._overdue and not row.overdue)
                or (self._first_contact and row.status != "received")
                or (digits and not (row.nhs_number or "").replace(" ", "").startswith(digits))
            ):
                ok = False
            elif words:
                names = self._words_of.get(id(row))
                if names is None:
                    names = self._words_of[id(row)] = name_words(row)
                ok = all(any(n.startswith(w) for n in names) for w in words)
            passes.append(ok)
        return passes

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._passes is None:
            self._passes = self._work_out()
        return source_row < len(self._passes) and self._passes[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the model's (one Python sort), not the proxy's cell-by-cell comparison."""
        model = self.sourceModel()
        if model is not None and column >= 0:
            model.sort(column, order)

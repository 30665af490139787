"""The caseload as a Qt table model over plain CaseloadRow rows, and its filters.

Loading is lazy where it costs: the rows come from one read, but a row's cells are formatted
only when the view first paints it (and kept), so a caseload of ten thousand opens at once.

Sorting and filtering are done in Python, once per change, over the list of rows: the model
keeps every row, the order of the current sort and which rows pass the filters, and shows
those. The proxy (``CaseloadFilter``) holds the filters and hands each change to the model; it
never asks the model about rows one at a time, which for ten thousand rows would be tens of
thousands of calls across the Qt boundary on every key typed in the search.
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

from linkworker import collector
from linkworker.care.referral import STATE_LABELS, STATES

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

_STAGE = {state: n for n, state in enumerate(STATES)}

# Custom roles.
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the person's id (any column)

Index = QModelIndex | QPersistentModelIndex
_WORD_BREAK = re.compile(r"[\s\-]+")


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
    STATUS: lambda r: _STAGE.get(r.status, len(STATES)),  # in the order a referral moves
    KEY_WORKER: lambda r: (r.key_worker is None, (r.key_worker or "").casefold()),
    WAITING: lambda r: -1 if r.waiting_days is None else r.waiting_days,
    LAST_CONTACT: lambda r: r.last_contact_text or "",
    NEXT_FOLLOW_UP: lambda r: r.next_due_text or "~",  # none yet: after every date
    FLAGS: lambda r: (r.risk, r.overdue),
}


def name_words(row: CaseloadRow) -> frozenset[str]:
    names = [n for n in (row.given_name, row.family_name, row.preferred_name) if n]
    return frozenset(w.casefold() for n in names for w in [n, *_WORD_BREAK.split(n)] if w)


class CaseloadModel(QAbstractTableModel):
    """Every row of the caseload, shown in the current order, only those passing the filter."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[CaseloadRow] = []
        self._order: list[int] = []  # indexes into _all, in the current sort
        self._passes: list[bool] | None = None  # None: no filter
        self._shown: list[int] = []  # indexes into _all, as displayed
        self._keys: dict[int, list[Any]] = {}  # sort keys per column, made on first use
        self._cells: dict[int, tuple[str, ...]] = {}  # formatted on first paint
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
        # Set by the proxy: which of a list of rows pass its filters (None: all of them).
        self.passes_for: Callable[[list[CaseloadRow]], list[bool] | None] | None = None
        self.loaded = False  # rows were read from the database (an empty list is news then)

    @property
    def rows(self) -> list[CaseloadRow]:
        """Every row, shown or not, in the order they were given."""
        return self._all

    def set_rows(self, rows: list[CaseloadRow]) -> None:
        self.beginResetModel()
        self.loaded = True
        self._all = list(rows)
        self._keys = {}
        self._cells = {}
        with collector.paused():  # sort keys for every row (see linkworker.collector)
            self._passes = self.passes_for(self._all) if self.passes_for is not None else None
            self._order = self._sorted_order(*self._sorted_by)
            self._shown = self._filtered(self._order)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_of(self, person_id: str) -> int | None:
        """The displayed row of a person (None when the filter hides them or they are gone)."""
        for row, i in enumerate(self._shown):
            if self._all[i].person_id == person_id:
                return row
        return None

    def set_passes(self, passes: list[bool] | None) -> None:
        """Show only the rows whose entry is true (None: every row)."""
        self.beginResetModel()
        self._passes = passes
        self._shown = self._filtered(self._order)
        self.endResetModel()

    def _filtered(self, order: list[int]) -> list[int]:
        passes = self._passes
        if passes is None:
            return order
        return [i for i in order if passes[i]]

    def _sort_keys(self, column: int) -> list[Any]:
        keys = self._keys.get(column)
        if keys is None:
            key = _SORT_KEYS.get(column, _SORT_KEYS[NAME])
            keys = self._keys[column] = [key(r) for r in self._all]
        return keys

    def _sorted_order(self, column: int, order: Qt.SortOrder) -> list[int]:
        by_name = self._sort_keys(NAME)
        ranked = sorted(range(len(self._all)), key=by_name.__getitem__)
        if column != NAME:  # a stable sort: people level on this column stay in name order
            ranked.sort(key=self._sort_keys(column).__getitem__)
        if order == Qt.SortOrder.DescendingOrder:
            ranked.reverse()
        return ranked

    # -- QAbstractTableModel --------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < COLUMN_COUNT:
            return
        self.layoutAboutToBeChanged.emit()
        before = self._shown
        self._sorted_by = (column, order)
        with collector.paused():
            self._order = self._sorted_order(column, order)
        self._shown = self._filtered(self._order)
        where = {i: row for row, i in enumerate(self._shown)}
        old = self.persistentIndexList()
        new = [self.index(where[before[i.row()]], i.column()) for i in old]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        i = self._shown[index.row()]
        row = self._all[i]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            cells = self._cells.get(i)
            if cells is None:
                cells = self._cells[i] = _cells(row)
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
    needs first contact. Each change works out which rows pass in one pass over the rows and
    hands that to the model; sorting is the model's too.

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
        self._names: tuple[list[CaseloadRow], list[frozenset[str]]] | None = None
        self.setDynamicSortFilter(False)

    def _model(self) -> CaseloadModel | None:
        model = self.sourceModel()
        return model if isinstance(model, CaseloadModel) else None

    def setSourceModel(self, model: Any) -> None:
        old = self._model()
        if old is not None:
            old.passes_for = None
        super().setSourceModel(model)
        if isinstance(model, CaseloadModel):
            model.passes_for = self._passes_for

    # -- the filters ----------------------------------------------------------------------------

    def set_search(self, text: str) -> None:
        digits = re.sub(r"[\s-]", "", text)
        if digits.isdigit():
            self._words, self._digits = (), digits
        else:
            self._words = tuple(w.casefold() for w in _WORD_BREAK.split(text) if w)
            self._digits = ""
        self.refilter()

    def set_status(self, status: str | None) -> None:
        """Only people whose current referral is in ``status`` ("no referral" too); None: all."""
        self._status = status
        self.refilter()

    def set_mine(self, only_mine: bool, worker_id: str | None) -> None:
        """Only the people whose key worker is ``worker_id`` (on a laptop not yet connected to a
        server, everyone is the worker's own)."""
        self._mine = (only_mine, worker_id)
        self.refilter()

    def set_overdue(self, only: bool) -> None:
        self._overdue = only
        self.refilter()

    def set_needs_first_contact(self, only: bool) -> None:
        self._first_contact = only
        self.refilter()

    def filtering(self) -> bool:
        only_mine, me = self._mine
        return bool(
            self._words or self._digits or self._status or (only_mine and me is not None)
            or self._overdue or self._first_contact
        )  # fmt: skip

    def refilter(self) -> None:
        """Work out again which rows pass (after a filter changed)."""
        model = self._model()
        if model is not None:
            model.set_passes(self._passes_for(model.rows))

    def _name_words(self, rows: list[CaseloadRow]) -> list[frozenset[str]]:
        if self._names is None or self._names[0] is not rows:
            self._names = (rows, [name_words(r) for r in rows])
        return self._names[1]

    def _passes_for(self, rows: list[CaseloadRow]) -> list[bool] | None:
        if not self.filtering():
            return None
        words, digits, status = self._words, self._digits, self._status
        only_mine, me = self._mine
        names = self._name_words(rows) if words else []
        passes = []
        for n, row in enumerate(rows):
            ok = not (
                (status is not None and row.status != status)
                or (only_mine and me is not None and row.key_worker_id != me)
                or (self._overdue and not row.overdue)
                or (self._first_contact and row.status != "received")
                or (digits and not (row.nhs_number or "").replace(" ", "").startswith(digits))
            )
            if ok and words:
                ok = all(any(name.startswith(w) for name in names[n]) for w in words)
            passes.append(ok)
        return passes

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the model's (one Python sort), not the proxy's cell-by-cell comparison."""
        model = self._model()
        if model is not None and column >= 0:
            model.sort(column, order)

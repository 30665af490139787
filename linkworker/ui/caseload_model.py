"""The caseload as a Qt table model over plain PersonSummary rows, and its search filter.

Rows are formatted once when loaded, so painting never touches the database or formats dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

if TYPE_CHECKING:
    from linkworker.store.people import PersonSummary


# Columns, in order.
NAME = 0
NHS_NUMBER = 1
DATE_OF_BIRTH = 2
POSTCODE = 3
ADDED = 4
COLUMN_COUNT = 5

# Custom roles.
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the person's id (any column)
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a key that sorts the column right (dates as ISO)
NAME_WORDS_ROLE = Qt.ItemDataRole.UserRole + 3  # the words of every name, for the search

Index = QModelIndex | QPersistentModelIndex
_WORD_BREAK = re.compile(r"[\s\-]+")


def uk_date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def local_date(moment: dt.datetime) -> dt.date:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().date()


@dataclass(frozen=True)
class _Row:
    person_id: str
    cells: tuple[str, ...]
    sort_keys: tuple[str, ...]
    name_words: tuple[str, ...]


def _row(p: PersonSummary) -> _Row:
    name = p.display_name
    if p.preferred_name:
        name = f"{name} ({p.preferred_name})"
    dob = uk_date(p.date_of_birth) if p.date_of_birth else ""
    added = uk_date(local_date(p.created_at))
    names = [n for n in (p.given_name, p.family_name, p.preferred_name) if n]
    words = {w.casefold() for n in names for w in [n, *_WORD_BREAK.split(n)] if w}
    return _Row(
        person_id=p.id,
        cells=(name, p.nhs_number or "", dob, p.postcode or "", added),
        sort_keys=(
            f"{p.family_name.casefold()}\t{p.given_name.casefold()}",
            (p.nhs_number or "").replace(" ", ""),
            p.date_of_birth.isoformat() if p.date_of_birth else "",
            p.postcode or "",
            p.created_at.isoformat(),
        ),
        name_words=tuple(sorted(words)),
    )


class CaseloadModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._headers = (
            self.tr("Name"),
            self.tr("NHS number"),
            self.tr("Date of birth"),
            self.tr("Postcode"),
            self.tr("Added"),
        )

    def set_people(self, people: list[PersonSummary]) -> None:
        self.beginResetModel()
        self._rows = [_row(p) for p in people]
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def row_of(self, person_id: str) -> int | None:
        for i, row in enumerate(self._rows):
            if row.person_id == person_id:
                return i
        return None

    # -- QAbstractTableModel --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.cells[column]
        if role == SORT_ROLE:
            return row.sort_keys[column]
        if role == PERSON_ID_ROLE:
            return row.person_id
        if role == NAME_WORDS_ROLE:
            return row.name_words
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


class CaseloadFilter(QSortFilterProxyModel):
    """Sorts by SORT_ROLE; keeps the people whose names start with every word typed.

    "ann smi" finds Ann Smith; "smi" finds Smith and Smithson but not Goldsmith.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = tuple(w.casefold() for w in _WORD_BREAK.split(text) if w)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        names = model.data(model.index(source_row, NAME, source_parent), NAME_WORDS_ROLE) or ()
        return all(any(n.startswith(w) for n in names) for w in self._words)

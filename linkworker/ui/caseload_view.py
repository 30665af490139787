"""The Caseload page: search by name, New person…, and the sortable table of people."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from linkworker.ui.caseload_model import (
    ADDED,
    DATE_OF_BIRTH,
    NAME,
    NHS_NUMBER,
    POSTCODE,
    CaseloadFilter,
    CaseloadModel,
)
from linkworker.ui.widgets import heading_label

if TYPE_CHECKING:
    from linkworker.store.people import PersonSummary


class CaseloadView(QWidget):
    """Shows what it is given; the window does the reading and writing."""

    new_person_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Caseload"))
        self.model = CaseloadModel(self)
        self.proxy = CaseloadFilter(self)
        self.proxy.setSourceModel(self.model)

        self.heading = heading_label(self.tr("Caseload"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by name"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search the caseload by name"))
        self.search.setToolTip(self.tr("Type the start of a given, family or preferred name"))
        self.search.textChanged.connect(self._search_changed)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self._focus_search)

        self.new_person_button = QPushButton(self.tr("New person…"))
        self.new_person_button.setAccessibleName(self.tr("New person"))
        self.new_person_button.setToolTip(self.tr("Add someone to your caseload"))
        self.new_person_button.clicked.connect(self.new_person_requested)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("People on your caseload"))
        self.table.setAccessibleDescription(
            self.tr("Choose a column heading to sort by that column.")
        )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setDefaultSectionSize(self.fontMetrics().height() * 9 // 5)
        header = self.table.horizontalHeader()
        header.setAccessibleName(self.tr("Column headings"))
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        width = self.fontMetrics().averageCharWidth()
        for column, chars in ((NHS_NUMBER, 16), (DATE_OF_BIRTH, 16), (POSTCODE, 12), (ADDED, 14)):
            self.table.setColumnWidth(column, width * chars)

        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("How many people are shown"))
        self.summary.setTextFormat(Qt.TextFormat.PlainText)

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.new_person_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.proxy.modelReset.connect(self._update_summary)
        self.proxy.rowsInserted.connect(self._update_summary)
        self.proxy.rowsRemoved.connect(self._update_summary)
        self.proxy.layoutChanged.connect(self._update_summary)
        self._update_summary()

    def show_people(self, people: list[PersonSummary]) -> None:
        self.model.set_people(people)
        self._update_summary()

    def clear(self) -> None:
        """Forget everything shown (the app is locking)."""
        self.search.clear()
        self.model.clear()
        self._update_summary()

    def select_person(self, person_id: str) -> bool:
        """Select and scroll to a person; clears the search when it hides them."""
        row = self.model.row_of(person_id)
        if row is None:
            return False
        source = self.model.index(row, NAME)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.search.clear()
            index = self.proxy.mapFromSource(source)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_summary()

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _update_summary(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if total == 0:
            text = self.tr("No one is on your caseload yet. Choose New person… to add someone.")
        elif shown == total:
            text = self.tr("%n people", "", total) if total != 1 else self.tr("1 person")
        elif shown == 0:
            text = self.tr("No one on your caseload has a name starting with that.")
        else:
            text = self.tr("Showing {shown} of {total} people").format(shown=shown, total=total)
        self.summary.setText(text)
        self.summary.setAccessibleDescription(text)

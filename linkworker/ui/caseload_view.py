"""The Caseload page: search, filters, New referral…, and the sortable table of people."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from linkworker.care.referral import STATE_LABELS, STATES
from linkworker.ui.caseload_model import (
    FLAGS,
    KEY_WORKER,
    LAST_CONTACT,
    NAME,
    NEXT_FOLLOW_UP,
    NHS_NUMBER,
    PERSON_ID_ROLE,
    STATUS,
    WAITING,
    CaseloadFilter,
    CaseloadModel,
)
from linkworker.ui.widgets import heading_label

if TYPE_CHECKING:
    from linkworker.store.caseload import CaseloadRow


class CaseloadView(QWidget):
    """Shows what it is given; the window does the reading and writing."""

    new_person_requested = Signal()
    new_referral_requested = Signal()
    open_person = Signal(str)
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Caseload"))
        self.model = CaseloadModel(self)
        self.proxy = CaseloadFilter(self)
        self.proxy.setSourceModel(self.model)

        self.heading = heading_label(self.tr("Caseload"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by name or NHS number"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search the caseload by name or NHS number"))
        self.search.setToolTip(
            self.tr("Type the start of a given, family or preferred name, or of an NHS number")
        )
        self.search.textChanged.connect(self._search_changed)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self._focus_search)

        self.new_person_button = QPushButton(self.tr("New person…"))
        self.new_person_button.setAccessibleName(self.tr("New person"))
        self.new_person_button.setToolTip(self.tr("Add someone to your caseload"))
        self.new_person_button.clicked.connect(self.new_person_requested)
        self.new_referral_button = QPushButton(self.tr("New referral…"))
        self.new_referral_button.setAccessibleName(self.tr("New referral"))
        self.new_referral_button.setToolTip(
            self.tr("Take a referral: find the person first, or add them")
        )
        self.new_referral_button.setDefault(True)
        self.new_referral_button.clicked.connect(self.new_referral_requested)

        self.whose = QComboBox()
        # The whole team by default: nothing a colleague added is hidden by surprise.
        self.whose.addItem(self.tr("Whole team"), False)
        self.whose.addItem(self.tr("My caseload"), True)
        self.whose.setAccessibleName(self.tr("Whose people to show"))
        self.whose.currentIndexChanged.connect(self._whose_changed)
        self._me: str | None = None
        self.status = QComboBox()
        self.status.addItem(self.tr("Any status"), None)
        for state in STATES:
            self.status.addItem(self.tr(STATE_LABELS[state]), state)
        self.status.addItem(self.tr("No referral"), "no referral")
        self.status.setAccessibleName(self.tr("Show people whose referral is"))
        self.status.currentIndexChanged.connect(
            lambda _i: self.proxy.set_status(self.status.currentData())
        )
        self.overdue = QCheckBox(self.tr("Overdue follow-ups"))
        self.overdue.setAccessibleName(self.tr("Only people with an overdue follow-up"))
        self.overdue.toggled.connect(self.proxy.set_overdue)
        self.first_contact = QCheckBox(self.tr("Needs first contact"))
        self.first_contact.setAccessibleName(self.tr("Only people waiting for first contact"))
        self.first_contact.toggled.connect(self.proxy.set_needs_first_contact)
        for box in (self.status, self.overdue, self.first_contact):
            signal = box.currentIndexChanged if isinstance(box, QComboBox) else box.toggled
            signal.connect(self._update_summary)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("People on your caseload"))
        self.table.setAccessibleDescription(
            self.tr(
                "Choose a column heading to sort by that column. Press Enter or double-click "
                "to open the person's record."
            )
        )
        self.table.doubleClicked.connect(self._open_index)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self._open_current)
        QShortcut(QKeySequence(Qt.Key.Key_Enter), self.table, self._open_current)
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
        for column, chars in (
            (NHS_NUMBER, 15), (STATUS, 12), (KEY_WORKER, 16), (WAITING, 10),
            (LAST_CONTACT, 14), (NEXT_FOLLOW_UP, 16), (FLAGS, 18),
        ):  # fmt: skip
            self.table.setColumnWidth(column, width * chars)

        self.demo_button = QPushButton(self.tr("Try it with a fictional caseload…"))
        self.demo_button.setAccessibleName(self.tr("Load a fictional caseload to try Linkworker"))
        self.demo_button.setToolTip(
            self.tr("About fifty made-up people, for practice; only into an empty caseload")
        )
        self.demo_button.clicked.connect(self.demo_requested)
        self.demo_button.hide()

        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("How many people are shown"))
        self.summary.setTextFormat(Qt.TextFormat.PlainText)

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.new_person_button)
        top.addWidget(self.new_referral_button)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.whose)
        filters.addWidget(self.status)
        filters.addWidget(self.overdue)
        filters.addWidget(self.first_contact)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.table, 1)
        self.proxy.modelReset.connect(self._update_summary)
        self.proxy.rowsInserted.connect(self._update_summary)
        self.proxy.rowsRemoved.connect(self._update_summary)
        self.proxy.layoutChanged.connect(self._update_summary)
        self._update_summary()

    def show_rows(self, rows: list[CaseloadRow], me: str | None) -> None:
        """Show these people; ``me`` is this worker's id (None before connecting to a server,
        when everyone on the laptop is the worker's own)."""
        self._me = me
        self.whose.setEnabled(me is not None)
        if me is None:
            self.whose.setToolTip(
                self.tr("Everyone on this laptop is yours until it is connected to a server.")
            )
        self.proxy.set_mine(bool(self.whose.currentData()), me)
        self.model.set_rows(rows)
        self._update_summary()

    def _whose_changed(self, _index: int) -> None:
        self.proxy.set_mine(bool(self.whose.currentData()), self._me)
        self._update_summary()

    def _open_index(self, index: object) -> None:
        person_id = self.table.model().data(index, PERSON_ID_ROLE)  # type: ignore[arg-type]
        if person_id:
            self.open_person.emit(person_id)

    def _open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._open_index(index)

    def clear(self) -> None:
        """Forget everything shown (the app is locking)."""
        self.search.clear()
        self.model.clear()
        self.model.loaded = False
        self.proxy.invalidate()
        self._update_summary()

    def select_person(self, person_id: str) -> bool:
        """Select and scroll to a person; clears the search and filters when they hide them."""
        row = self.model.row_of(person_id)
        if row is None:
            self.search.clear()
            self.whose.setCurrentIndex(self.whose.findData(False))
            self.status.setCurrentIndex(0)
            self.overdue.setChecked(False)
            self.first_contact.setChecked(False)
            row = self.model.row_of(person_id)
            if row is None:
                return False
        index = self.proxy.mapFromSource(self.model.index(row, NAME))
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
        total = len(self.model.rows)
        shown = self.proxy.rowCount()
        if total == 0:
            text = self.tr(
                "No one is on your caseload yet. Choose New referral… to take a referral."
            )
        elif shown == total:
            text = (
                self.tr("{n} people").format(n=f"{total:,}") if total != 1 else self.tr("1 person")
            )
        elif shown == 0:
            text = self.tr("No one matches the search and filters.")
        else:
            text = self.tr("Showing {shown} of {total} people").format(
                shown=f"{shown:,}", total=f"{total:,}"
            )
        self.summary.setText(text)
        self.summary.setAccessibleDescription(text)
        self.demo_button.setVisible(total == 0 and self.model.loaded)

"""Connections: the community services the person was signposted or referred to, and how each
went (suggested, referred, accepted, attended, or declined, did not attend).

A connection names its service in words for now (the directory will offer a picker). Each is a
small form saved as it is typed; Remove tombstones it (Undo brings it back).
"""

from __future__ import annotations

import contextlib
import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from linkworker.care.fields import CONNECTION_KINDS
from linkworker.store.record import PersonRecord, Row
from linkworker.ui.field_form import FieldForm
from linkworker.ui.record_edits import RecordEditor, Refused
from linkworker.ui.record_sections import capital, scrolling, section, text_label, uk
from linkworker.ui.widgets import InlineError

WHAT = ("service_name", "kind", "made_on")
HOW = ("status", "feedback")


class ConnectionCard(QFrame):
    """One connection: a heading that says where it stands, its fields, and Remove."""

    def __init__(self, editor: RecordEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.row_id: str | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(self)
        head = QHBoxLayout()
        self.heading = text_label(bold=True)
        head.addWidget(self.heading, 1)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Remove a connection made by mistake (Undo brings "
                                              "it back)"))  # fmt: skip
        self.remove_button.clicked.connect(self.remove)
        head.addWidget(self.remove_button)
        column.addLayout(head)
        # Where it went on the left, how it went on the right: short enough for a long list.
        sides = QHBoxLayout()
        self.what = FieldForm("community_connection", WHAT, editor)
        self.how = FieldForm("community_connection", HOW, editor, text_lines=2)
        sides.addWidget(self.what, 1)
        sides.addSpacing(16)
        sides.addWidget(self.how, 1)
        column.addLayout(sides)
        self.forms = (self.what, self.how)

    def load(self, row: Row) -> None:
        self.row_id = row.id
        kind = self.tr("Referral") if row["kind"] == "referral" else self.tr("Signpost")
        heading = self.tr("{kind} to {service}: {status}").format(
            kind=kind, service=row["service_name"] or self.tr("(no service named)"),
            status=self.tr(row["status"]),
        )  # fmt: skip
        self.heading.setText(heading)
        self.heading.setAccessibleName(heading)
        self.setAccessibleName(heading)
        self.remove_button.setAccessibleName(
            self.tr("Remove the connection to {service}").format(service=row["service_name"])
        )
        for form in self.forms:
            form.load(row, row.id)

    def remove(self) -> None:
        if self.row_id is None:
            return
        with contextlib.suppress(Refused):
            self.editor.remove_row("community_connection", self.row_id, self.tr("connection"))


class ConnectionsTab(QWidget):
    def __init__(self, editor: RecordEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.record: PersonRecord | None = None
        self.cards: dict[str, ConnectionCard] = {}
        self._order: list[str] = []  # the cards shown, in order

        content = QWidget()
        column = QVBoxLayout(content)
        box, add = section(self.tr("Add a connection"))
        row = QHBoxLayout()
        self.service = QLineEdit()
        self.service.setPlaceholderText(self.tr("Service, for example Canal Side walking group"))
        self.service.setAccessibleName(self.tr("Service"))
        self.service.returnPressed.connect(self.add)
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Signpost or referral"))
        for kind in CONNECTION_KINDS:
            self.kind.addItem(self.tr(capital(kind)), kind)
        self.made_on = QLineEdit(uk(dt.date.today()))
        self.made_on.setPlaceholderText(self.tr("DD/MM/YYYY"))
        self.made_on.setAccessibleName(self.tr("Date of the connection"))
        self.made_on.setMaximumWidth(self.made_on.fontMetrics().averageCharWidth() * 16)
        self.made_on.returnPressed.connect(self.add)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setAccessibleName(self.tr("Add the connection"))
        self.add_button.clicked.connect(self.add)
        for label, widget in ((self.tr("Service"), self.service),
                              (self.tr("Kind"), self.kind),
                              (self.tr("Date"), self.made_on)):  # fmt: skip
            caption = QLabel(label)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget, 1 if widget is self.service else 0)
            row.addSpacing(8)
        row.addWidget(self.add_button)
        add.addLayout(row)
        self.add_error = InlineError(self.service)
        add.addWidget(self.add_error)
        starts = self.tr("A new connection starts as suggested; change its status as it goes.")
        add.addWidget(text_label(starts, muted=True))
        column.addWidget(box)
        box, self.column = section(self.tr("Connections, newest first"))
        self.empty = text_label(self.tr(
            "No connections yet. Add a service the person has been signposted or referred to."),
            muted=True)  # fmt: skip
        self.column.addWidget(self.empty)
        column.addWidget(box)
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolling(content))

    def show_record(self, record: PersonRecord) -> None:
        if self.record is not None and self.record.person.id != record.person.id:
            self.flush()
            self._drop(set(self.cards))
            self.service.clear()
            self.made_on.setText(uk(dt.date.today()))
            self.add_error.clear_message()
        self.record = record
        wanted = [c.id for c in record.connections]
        self._drop(set(self.cards) - set(wanted))
        for row in record.connections:
            card = self.cards.get(row.id)
            if card is None:
                card = ConnectionCard(self.editor)
                self.cards[row.id] = card
            card.load(row)
        if self._order != wanted:
            for row_id in self._order:
                if row_id in self.cards:
                    self.column.removeWidget(self.cards[row_id])
            for row_id in wanted:
                self.column.addWidget(self.cards[row_id])
            self._order = wanted
        self.empty.setVisible(not wanted)

    def _drop(self, ids: set[str]) -> None:
        for row_id in ids:
            card = self.cards.pop(row_id)
            self.column.removeWidget(card)
            card.hide()
            card.deleteLater()

    def add(self) -> None:
        if self.record is None:
            return
        values = {
            "person_id": self.record.person.id,
            "service_name": self.service.text(),
            "kind": self.kind.currentData(),
            "made_on": self.made_on.text(),
            "status": "suggested",
        }
        try:
            self.editor.add_row("community_connection", values, self.tr("connection"))
        except Refused as refused:
            self.add_error.show_message(refused.message)
            return
        self.add_error.clear_message()
        self.service.clear()

    def flush(self) -> None:
        for card in self.cards.values():
            for form in card.forms:
                form.flush()

    def clear(self) -> None:
        self._drop(set(self.cards))
        self._order = []
        self.record = None
        self.empty.show()

"""Pieces every tab of the record uses: a titled section, a scrolling column, plain text rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from linkworker.ui.record_edits import Refused
from linkworker.ui.widgets import InlineError


def section(title: str) -> tuple[QGroupBox, QVBoxLayout]:
    """A titled box (its title is its accessible name) and the column inside it."""
    box = QGroupBox(title)
    box.setAccessibleName(title)
    column = QVBoxLayout(box)
    return box, column


def scrolling(content: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    return area


def text_label(text: str = "", bold: bool = False, muted: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(text)
    if bold:
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
    if muted:
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def clear_layout(layout: QLayout) -> None:
    """Remove and delete everything in a layout (a list about to be built again)."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        inner = item.layout()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif inner is not None:
            clear_layout(inner)


def uk(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def local_time(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def short(text: str | None, limit: int = 60) -> str:
    """The first line of ``text``, cut to ``limit`` characters (for lists and names)."""
    first = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


W = TypeVar("W", bound=QWidget)


class RowColumn(Generic[W]):
    """One widget per row of a list, kept from one showing of the record to the next.

    The record is read again after every save; a row already shown keeps its widget (and the
    text the worker is typing in it), new rows get one from ``build``, removed rows lose theirs.
    The layout holds these widgets first, in the rows' order (anything after them stays after).
    """

    def __init__(self, layout: QBoxLayout) -> None:
        self.layout = layout
        self.widgets: dict[str, W] = {}

    def show(self, ids: Sequence[str], build: Callable[[str], W]) -> list[W]:
        wanted = list(ids)
        for gone in [i for i in self.widgets if i not in wanted]:
            old = self.widgets.pop(gone)
            self.layout.removeWidget(old)
            old.hide()
            old.deleteLater()
        shown: list[W] = []
        for index, row_id in enumerate(wanted):
            widget = self.widgets.get(row_id)
            if widget is None:
                widget = self.widgets[row_id] = build(row_id)
                self.layout.insertWidget(index, widget)
            elif self.layout.indexOf(widget) != index:
                self.layout.removeWidget(widget)
                self.layout.insertWidget(index, widget)
            shown.append(widget)
        return shown

    def clear(self) -> None:
        for widget in self.widgets.values():
            self.layout.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self.widgets.clear()


class AddLine(QWidget):
    """A line for a new row's first words and the button that adds it (Enter adds it too).

    ``add(text)`` saves the row and raises ``Refused`` when it cannot: the message then shows
    under the line and the words stay, to be put right.
    """

    def __init__(
        self,
        placeholder: str,
        button_text: str,
        add: Callable[[str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._add = add
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAccessibleName(placeholder)
        self.edit.returnPressed.connect(self.add)
        self.button = QPushButton(button_text)
        self.button.setAccessibleName(button_text)
        self.button.clicked.connect(self.add)
        self.error = InlineError(self.edit)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.error)

    def add(self) -> None:
        try:
            self._add(self.edit.text())
        except Refused as refused:
            self.error.show_message(refused.message)
            return
        self.edit.clear()
        self.error.clear_message()

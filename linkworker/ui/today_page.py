"""Today: what needs the worker now. New referrals waiting for first contact (with how long),
follow-ups due and overdue (done, or moved to another day), reviews coming up, and conflicts
waiting for a decision. Each line opens the person."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from linkworker.ui.conflicts_data import ConflictItem
from linkworker.ui.sync_status import conflicts_text
from linkworker.ui.widgets import InlineError, heading_label, intro_label

if TYPE_CHECKING:  # the store is loaded after the window is up
    from linkworker.store.caseload import TodayItem, TodayLists

SHOWN = 5  # conflicts named on the panel; the rest are counted
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


class ConflictsPanel(QFrame):
    """ "Conflicts need you": how many, the first few by name, and a button to open them."""

    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Conflicts need you"))
        layout = QVBoxLayout(self)
        self.title = QLabel(self.tr("Conflicts need you"))
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.count = intro_label("")
        self.count.setAccessibleName(self.tr("How many conflicts"))
        self.names = QLabel()
        self.names.setTextFormat(Qt.TextFormat.PlainText)
        self.names.setWordWrap(True)
        self.names.setAccessibleName(self.tr("Records in conflict"))
        self.open_button = QPushButton(self.tr("Open conflicts…"))
        self.open_button.setAccessibleName(self.tr("Open conflicts"))
        self.open_button.clicked.connect(self.open_requested)
        layout.addWidget(self.title)
        layout.addWidget(self.count)
        layout.addWidget(self.names)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)

    def show_conflicts(self, items: list[ConflictItem]) -> None:
        n = len(items)
        self.setVisible(n > 0)
        if not n:
            return
        self.count.setText(
            " ".join(
                (
                    conflicts_text(n) + ".",
                    self.tr("The same detail was changed on two laptops; choose what is right."),
                )
            )
        )
        self.count.setAccessibleDescription(self.count.text())
        lines = [f"• {item.title}" for item in items[:SHOWN]]
        if n > SHOWN:
            lines.append(self.tr("and {n} more").format(n=f"{n - SHOWN:,}"))
        self.names.setText("\n".join(lines))
        self.names.setAccessibleDescription(self.names.text())


def _bold(label: QLabel) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


class TodayList(QWidget):
    """A titled list of Today items; Enter or double-click opens the person."""

    open_person = Signal(str)

    def __init__(self, title: str, empty: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = empty
        self.title = _bold(QLabel(title))
        self.list = QListWidget()
        self.list.setAccessibleName(title)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._activated)
        self.empty = intro_label(empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)

    def show_items(self, items: list[tuple[str, TodayItem]]) -> None:
        self.list.clear()
        for text, item in items:
            row = QListWidgetItem(text)
            row.setData(ITEM_ROLE, item)
            row.setData(Qt.ItemDataRole.AccessibleTextRole, text)
            self.list.addItem(row)
        self.empty.setVisible(not items)
        self.list.setVisible(bool(items))

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def current(self) -> TodayItem | None:
        row = self.list.currentItem()
        if row is None:
            return None
        item: TodayItem = row.data(ITEM_ROLE)
        return item

    def _activated(self, row: QListWidgetItem) -> None:
        item: TodayItem = row.data(ITEM_ROLE)
        if item.person_id:
            self.open_person.emit(item.person_id)


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


class TodayPage(QWidget):
    open_conflicts = Signal()
    open_person = Signal(str)
    complete_follow_up = Signal(str)
    move_follow_up = Signal(str, object)  # follow-up id, the new date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Today"))
        self.day = dt.date.today()
        layout = QVBoxLayout(self)
        self.heading = heading_label(self.tr("Today"))
        layout.addWidget(self.heading)
        self.conflicts = ConflictsPanel()
        self.conflicts.open_requested.connect(self.open_conflicts)
        self.conflicts.setMaximumWidth(self.fontMetrics().averageCharWidth() * 90)
        self.conflicts.hide()
        layout.addWidget(self.conflicts)

        self.first_contact = TodayList(
            self.tr("New referrals waiting for first contact"),
            self.tr("No one is waiting for first contact."),
        )
        self.follow_ups = TodayList(
            self.tr("Follow-ups due and overdue"), self.tr("No follow-ups are due today.")
        )
        self.reviews = TodayList(
            self.tr("Reviews due this week or overdue"),
            self.tr("No reviews are due this week."),
        )
        for part in (self.first_contact, self.follow_ups, self.reviews):
            part.open_person.connect(self.open_person)

        self.done_button = QPushButton(self.tr("Done"))
        self.done_button.setAccessibleName(self.tr("Mark the chosen follow-up done"))
        self.done_button.clicked.connect(self._done)
        self.move_date = QLineEdit()
        self.move_date.setPlaceholderText(self.tr("DD/MM/YYYY"))
        self.move_date.setAccessibleName(self.tr("Move the chosen follow-up to"))
        self.move_date.setMaximumWidth(self.fontMetrics().averageCharWidth() * 16)
        self.move_button = QPushButton(self.tr("Move to this date"))
        self.move_button.setAccessibleName(self.tr("Move the chosen follow-up"))
        self.move_button.clicked.connect(self._move)
        self.move_error = InlineError(self.move_date)
        actions = QHBoxLayout()
        actions.addWidget(self.done_button)
        actions.addSpacing(self.fontMetrics().averageCharWidth() * 2)
        actions.addWidget(self.move_date)
        actions.addWidget(self.move_button)
        actions.addStretch(1)
        follow_box = QWidget()
        follow_column = QVBoxLayout(follow_box)
        follow_column.setContentsMargins(0, 0, 0, 0)
        follow_column.addWidget(self.follow_ups, 1)
        follow_column.addLayout(actions)
        follow_column.addWidget(self.move_error)
        self.follow_ups.list.currentItemChanged.connect(lambda *_: self._update_buttons())

        grid = QGridLayout()
        grid.addWidget(self.first_contact, 0, 0)
        grid.addWidget(follow_box, 0, 1)
        grid.addWidget(self.reviews, 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid, 1)
        hint = intro_label(self.tr("Press Enter or double-click a line to open the person."))
        layout.addWidget(hint)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.follow_ups.list, self._done)
        self._update_buttons()

    def show_today(self, lists: TodayLists, day: dt.date | None = None) -> None:
        self._show(lists.first_contact, lists.follow_ups, lists.reviews, day)

    def _show(
        self,
        first_contact: list[TodayItem],
        follow_ups: list[TodayItem],
        reviews: list[TodayItem],
        day: dt.date | None = None,
    ) -> None:
        day = day or dt.date.today()
        self.day = day
        self.heading.setText(self.tr("Today, {d}").format(d=day.strftime("%A %d %B %Y")))
        self.first_contact.show_items([
            (self.tr("{name} — {what}, waiting {days}").format(
                name=i.person_name, what=i.what, days=_days(i.waiting_days or 0)), i)
            for i in first_contact
        ])  # fmt: skip
        follow = []
        for i in follow_ups:
            due = i.due_on or day
            if due < day:
                when = self.tr("Overdue {days}").format(days=_days((day - due).days))
            else:
                when = self.tr("Due today")
            follow.append((f"{when}: {i.person_name} — {i.what}", i))
        self.follow_ups.show_items(follow)
        self.reviews.show_items([
            (self.tr("{d}: {name} — {what}").format(
                d=(i.due_on or day).strftime("%d/%m/%Y"), name=i.person_name, what=i.what), i)
            for i in reviews
        ])  # fmt: skip
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.follow_ups.current() is not None
        for widget in (self.done_button, self.move_button, self.move_date):
            widget.setEnabled(chosen)

    def _done(self) -> None:
        item = self.follow_ups.current()
        if item is not None and item.follow_up_id:
            self.complete_follow_up.emit(item.follow_up_id)

    def _move(self) -> None:
        item = self.follow_ups.current()
        if item is None or not item.follow_up_id:
            return
        from linkworker.care.person import parse_date

        try:
            day = parse_date(self.move_date.text())
        except ValueError as exc:
            self.move_error.show_message(str(exc))
            return
        if day is None:
            self.move_error.show_message(self.tr("Enter the date to move it to."))
            return
        if day < self.day:
            self.move_error.show_message(self.tr("Move it to today or later."))
            return
        self.move_error.clear_message()
        self.move_date.clear()
        self.move_follow_up.emit(item.follow_up_id, day)

    def show_conflicts(self, items: list[ConflictItem]) -> None:
        self.conflicts.show_conflicts(items)

    def clear(self) -> None:
        self.conflicts.show_conflicts([])
        self._show([], [], [])

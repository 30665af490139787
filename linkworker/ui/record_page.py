"""A person's record: who they are at the top, then the tabs of their personalised care record.

The page shows a ``PersonRecord`` (plain rows read by the store) and writes through its
``RecordEditor``, which keeps the undo stack. After an undo or redo, or a sync that brought
changes, the record is read again and every tab shows it afresh; a field the worker is typing in
is left alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from linkworker.care.nhs_number import format_nhs_number
from linkworker.care.referral import STATE_LABELS
from linkworker.store.record import PersonRecord
from linkworker.ui.record_edits import RecordEditor
from linkworker.ui.widgets import heading_label

TAB_NAMES = (
    "Summary", "About Me", "Plan", "Contacts", "Measures", "Connections", "Decisions", "Budget",
)  # fmt: skip


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class RecordPage(QWidget):
    back_requested = Signal()

    def __init__(
        self,
        editor: RecordEditor,
        read: Callable[[str], PersonRecord | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from linkworker.ui.record_about_me import AboutMeTab
        from linkworker.ui.record_budget import BudgetTab
        from linkworker.ui.record_connections import ConnectionsTab
        from linkworker.ui.record_contacts import ContactsTab
        from linkworker.ui.record_decisions import DecisionsTab
        from linkworker.ui.record_measures import MeasuresTab
        from linkworker.ui.record_plan import PlanTab
        from linkworker.ui.record_summary import SummaryTab

        self.editor = editor
        self._read = read
        self.record: PersonRecord | None = None
        self.setAccessibleName(self.tr("Person's record"))

        self.back_button = QPushButton(self.tr("‹ Back"))
        self.back_button.setAccessibleName(self.tr("Back to where you were"))
        self.back_button.setToolTip(self.tr("Back (Alt+Left)"))
        self.back_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Back))
        self.back_button.clicked.connect(self._back)
        self.name = heading_label("")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel()
        self.facts.setAccessibleName(self.tr("NHS number, date of birth and key worker"))
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.risk = QLabel()
        self.risk.setAccessibleName(self.tr("Risk or safeguarding concern"))
        self.risk.setWordWrap(True)
        self.risk_icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.risk_icon.setPixmap(icon.pixmap(size, size))
        font = self.risk.font()
        font.setBold(True)
        self.risk.setFont(font)
        self.message = QLabel()
        self.message.setAccessibleName(self.tr("What just happened"))
        self.message.setWordWrap(True)

        self.undo_action = editor.stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.redo_action = editor.stack.createRedoAction(self, self.tr("&Redo"))
        redo_keys = [QKeySequence("Ctrl+Shift+Z")]  # on every platform, as the issue asks
        for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo):
            if key not in redo_keys:  # a key listed twice would be ambiguous, and do nothing
                redo_keys.append(key)
        self.redo_action.setShortcuts(redo_keys)
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setAccessibleName(self.tr("Undo the last change"))
        self.undo_button.clicked.connect(self.undo_action.trigger)
        self.redo_button = QPushButton(self.tr("Redo"))
        self.redo_button.setAccessibleName(self.tr("Redo the change undone"))
        self.redo_button.clicked.connect(self.redo_action.trigger)
        editor.stack.canUndoChanged.connect(self.undo_button.setEnabled)
        editor.stack.canRedoChanged.connect(self.redo_button.setEnabled)
        editor.stack.undoTextChanged.connect(self._undo_text)
        editor.stack.redoTextChanged.connect(self._redo_text)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        editor.reload_needed.connect(self.reload)
        editor.refused.connect(self.say)
        # After any write, the record is read again once the event that wrote it is done.
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self.reload)
        editor.changed.connect(self._reload_timer.start)
        editor.changed.connect(self._saved)

        self.summary = SummaryTab(editor)
        self.about_me = AboutMeTab(editor)
        self.plan = PlanTab(editor)
        self.contacts = ContactsTab(editor)
        self.measures = MeasuresTab(editor)
        self.connections = ConnectionsTab(editor)
        self.decisions = DecisionsTab(editor)
        self.budget = BudgetTab(editor)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Parts of the record"))
        self.tabs.setDocumentMode(True)
        for tab, name in zip(self.all_tabs(), TAB_NAMES, strict=True):
            self.tabs.addTab(tab, self.tr(name))
            tab.setAccessibleName(self.tr(name))

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.name, 1)
        top.addWidget(self.undo_button)
        top.addWidget(self.redo_button)
        risk_row = QHBoxLayout()
        risk_row.addWidget(self.risk_icon)
        risk_row.addWidget(self.risk, 1)
        self.risk_box = QWidget()
        self.risk_box.setLayout(risk_row)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.facts)
        layout.addWidget(self.risk_box)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self.message.hide()

    def _undo_text(self, text: str) -> None:
        self.undo_button.setToolTip(text or self.tr("Nothing to undo"))

    def _redo_text(self, text: str) -> None:
        self.redo_button.setToolTip(text or self.tr("Nothing to redo"))

    def _saved(self) -> None:
        self.say("")  # a refusal shown is cleared by the next save

    def all_tabs(self) -> list[QWidget]:
        return [self.summary, self.about_me, self.plan, self.contacts, self.measures,
                self.connections, self.decisions, self.budget]  # fmt: skip

    @property
    def person_id(self) -> str | None:
        return self.record.person.id if self.record is not None else None

    def show_record(self, record: PersonRecord) -> None:
        opening = self.person_id != record.person.id
        if opening:
            self.editor.stack.clear()
            self.message.hide()
        self.record = record
        p = record.person
        name = f"{p['given_name']} {p['family_name']}"
        if p["preferred_name"]:
            name += f" ({p['preferred_name']})"
        self.name.setText(name)
        self.name.setAccessibleName(name)
        facts = []
        if p["nhs_number"]:
            facts.append(self.tr("NHS number {n}").format(n=format_nhs_number(p["nhs_number"])))
        if p["date_of_birth"]:
            born = p["date_of_birth"]
            facts.append(self.tr("born {d} (age {a})").format(
                d=born.strftime("%d/%m/%Y"), a=age_on(born, dt.date.today())))  # fmt: skip
        facts.append(self.tr("key worker: {w}").format(w=record.key_worker_name or self.tr("you")))
        current = record.open_referral or (record.referrals[0] if record.referrals else None)
        if current is not None:
            facts.append(self.tr("referral: {s}").format(s=STATE_LABELS[current["state"]].lower()))
        else:
            facts.append(self.tr("no referral"))
        self.facts.setText(" · ".join(facts))
        self.facts.setAccessibleDescription(self.facts.text())
        self.risk_box.setVisible(bool(p["risk_flag"]))
        if p["risk_flag"]:
            text = self.tr("Risk or safeguarding concern recorded")
            if p["risk_notes"]:
                text += ": " + p["risk_notes"].splitlines()[0][:160]
            self.risk.setText(text)
            self.risk.setAccessibleDescription(text)
        for tab in self.all_tabs():
            tab.show_record(record)  # type: ignore[attr-defined]
        if opening:
            self.tabs.setCurrentIndex(0)

    def reload(self) -> None:
        if self.person_id is None:
            return
        record = self._read(self.person_id)
        if record is None:
            self.clear()
            self.back_requested.emit()
            return
        self.show_record(record)

    def say(self, text: str) -> None:
        """A message over the tabs (a refusal, or what was just done), read out by screen
        readers."""
        self.message.setText(text)
        self.message.setAccessibleDescription(text)
        self.message.setVisible(bool(text))

    def flush(self) -> None:
        """Save whatever was typed and not saved yet, in every tab."""
        from linkworker.ui.field_form import FieldForm

        for tab in self.all_tabs():
            flush = getattr(tab, "flush", None)
            if callable(flush):
                flush()
        for form in self.findChildren(FieldForm):
            form.flush()

    def clear(self) -> None:
        """Forget the record (closing it, or locking): nothing of it stays in any widget."""
        from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

        from linkworker.ui.field_form import FieldForm

        self.editor.stack.clear()
        self.record = None
        for form in self.findChildren(FieldForm):
            form.blank()
        boxes: list[QLineEdit | QPlainTextEdit] = [
            *self.findChildren(QLineEdit), *self.findChildren(QPlainTextEdit)
        ]  # fmt: skip
        for box in boxes:
            box.blockSignals(True)
            box.clear()
            box.blockSignals(False)
        self.name.setText("")
        self.facts.setText("")
        self.risk.setText("")
        for tab in self.all_tabs():
            clear = getattr(tab, "clear", None)
            if callable(clear):
                clear()

    def _back(self) -> None:
        self.flush()
        self.back_requested.emit()

    def undo_actions(self) -> tuple[QAction, QAction]:
        return self.undo_action, self.redo_action

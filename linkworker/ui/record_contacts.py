"""Contacts: notes written as drafts, then signed; the signed ones as a timeline, newest first.

A draft is kept on this laptop (encrypted) and saved field by field as it is written: a line when
the worker leaves it, the note a moment after typing stops. Signing makes it an append-only
contact that syncs and is never edited again: the timeline shows it as text, with no editor at
all. A correction is an addendum, written as a draft like any note and shown beneath the contact
it corrects. A contact can set a follow-up (a date and what it is for), made when it is signed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from linkworker.care.fields import CONTACT_KINDS, CONTACT_MODES, FieldRefused
from linkworker.care.person import parse_date
from linkworker.store import contacts
from linkworker.store.record import PersonRecord, Row
from linkworker.ui.field_form import TYPING_PAUSE_MS
from linkworker.ui.record_edits import RecordEditor, Refused
from linkworker.ui.record_sections import (
    capital,
    clear_layout,
    local_time,
    scrolling,
    section,
    text_label,
    uk,
)
from linkworker.ui.widgets import InlineError, add_field

FIELDS = ("occurred_at", "mode", "kind", "duration_minutes", "attended", "notes",
          "follow_up_on", "follow_up_what")  # fmt: skip
ADDENDUM_FIELDS = ("occurred_at", "notes", "follow_up_on", "follow_up_what")
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")


def parse_moment(text: str) -> dt.datetime:
    """A date and time typed as DD/MM/YYYY HH:MM (local time); ValueError says what to type."""
    shape = "Enter the date and time as DD/MM/YYYY HH:MM, for example 03/02/2026 14:30."
    parts = text.split()
    if len(parts) != 2:
        raise ValueError(shape)
    day = parse_date(parts[0])  # its own message for a day that does not exist
    time = _TIME.fullmatch(parts[1])
    if day is None or time is None:
        raise ValueError(shape)
    hour, minute = int(time.group(1)), int(time.group(2))
    if hour > 23 or minute > 59:
        raise ValueError("There is no such time: use the 24-hour clock, 00:00 to 23:59.")
    return dt.datetime(day.year, day.month, day.day, hour, minute)


class _NoteBox(QPlainTextEdit):
    """The note: saved a moment after typing stops and on leaving it (``on_leave``)."""

    def __init__(self, on_leave: Callable[[], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_leave = on_leave
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event: Any) -> None:
        super().focusOutEvent(event)
        self._on_leave()


class DraftForm(QGroupBox):
    """One draft contact (or addendum), saved field by field; Sign and Discard below it."""

    def __init__(self, editor: RecordEditor, draft: Row, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.draft_id = draft.id
        self.addendum = draft["amends_id"] is not None
        self._values: dict[str, Any] = {}
        self._loading = False
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, InlineError] = {}
        self.discard_box: QMessageBox | None = None
        column = QVBoxLayout(self)
        self.kept = text_label(self.tr("Draft: kept on this laptop until you sign it."),
                               muted=True)  # fmt: skip
        column.addWidget(self.kept)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        column.addLayout(form)

        self.when = QLineEdit()
        self.when.setPlaceholderText(self.tr("DD/MM/YYYY HH:MM"))
        self.when.setMaximumWidth(self.when.fontMetrics().averageCharWidth() * 22)
        self.when.editingFinished.connect(lambda: self._save("occurred_at"))
        self._add(form, "occurred_at", self.tr("When"), self.when, self.tr("DD/MM/YYYY HH:MM"))

        self.mode = self._combo(CONTACT_MODES, "mode")
        self.kind = self._combo(CONTACT_KINDS, "kind")
        self.minutes = QLineEdit()
        self.minutes.setMaximumWidth(self.minutes.fontMetrics().averageCharWidth() * 10)
        self.minutes.editingFinished.connect(lambda: self._save("duration_minutes"))
        self.attended = QRadioButton(self.tr("Attended"))
        self.attended.setAccessibleName(self.tr("The person attended"))
        self.did_not_attend = QRadioButton(self.tr("Did not attend"))
        self.did_not_attend.setAccessibleName(self.tr("The person did not attend"))
        self.attendance = QButtonGroup(self)
        self.attendance.addButton(self.attended)
        self.attendance.addButton(self.did_not_attend)
        self.attended.toggled.connect(lambda _on: self._save("attended"))
        attendance = QWidget()
        attendance.setAccessibleName(self.tr("Attendance"))
        row = QHBoxLayout(attendance)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.attended)
        row.addWidget(self.did_not_attend)
        row.addStretch(1)
        if not self.addendum:
            self._add(form, "mode", self.tr("How"), self.mode)
            self._add(form, "kind", self.tr("Kind"), self.kind)
            self._add(form, "duration_minutes", self.tr("Minutes"), self.minutes)
            self._add(form, "attended", self.tr("Attendance"), attendance)
        else:
            for widget in (self.mode, self.kind, self.minutes, attendance):
                widget.setParent(self)
                widget.hide()

        self.notes = _NoteBox(lambda: self._save("notes"))
        lines = self.notes.fontMetrics().lineSpacing()
        self.notes.setMinimumHeight(lines * 6 + 14)
        self.notes.setMaximumHeight(lines * 12 + 14)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(lambda: self._save("notes"))
        self.notes.textChanged.connect(lambda: None if self._loading else self._timer.start())
        note_label = self.tr("Correction") if self.addendum else self.tr("Note")
        self._add(form, "notes", note_label, self.notes)

        self.follow_up_on = QLineEdit()
        self.follow_up_on.setPlaceholderText(self.tr("DD/MM/YYYY"))
        self.follow_up_on.setMaximumWidth(self.follow_up_on.fontMetrics().averageCharWidth() * 16)
        self.follow_up_on.editingFinished.connect(lambda: self._save("follow_up_on"))
        self.follow_up_what = QLineEdit()
        self.follow_up_what.setPlaceholderText(self.tr("What to do then, for example: ring "
                                                       "to ask how the group went"))  # fmt: skip
        self.follow_up_what.editingFinished.connect(lambda: self._save("follow_up_what"))
        self._add(
            form,
            "follow_up_on",
            self.tr("Follow up on"),
            self.follow_up_on,
            self.tr("Optional: a date and what it is for, and it goes on your Today list"),
        )
        self._add(form, "follow_up_what", self.tr("Follow up to"), self.follow_up_what)

        buttons = QHBoxLayout()
        self.sign_button = QPushButton(self.tr("Sign"))
        self.sign_button.setAccessibleName(
            self.tr("Sign the addendum") if self.addendum else self.tr("Sign the contact note")
        )
        self.sign_button.setToolTip(self.tr("Once signed, the note cannot be changed: a "
                                            "correction is added as an addendum."))  # fmt: skip
        self.sign_button.clicked.connect(self.sign)
        self.discard_button = QPushButton(self.tr("Discard draft"))
        self.discard_button.setAccessibleName(self.tr("Discard this draft"))
        self.discard_button.clicked.connect(self.ask_discard)
        buttons.addWidget(self.sign_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.sign_error = InlineError(self.sign_button)
        column.addWidget(self.sign_error)

    # -- building -------------------------------------------------------------------------------

    def _combo(self, choices: tuple[str, ...], name: str) -> QComboBox:
        combo = QComboBox()
        for choice in choices:
            combo.addItem(self.tr(capital(choice)), choice)
        combo.activated.connect(lambda _i: self._save(name))
        return combo

    def _add(self, form: QFormLayout, name: str, label: str, widget: QWidget,
             hint: str | None = None) -> None:  # fmt: skip
        if not widget.accessibleName():
            widget.setAccessibleName(label)
        self.editors[name] = widget
        self.errors[name] = add_field(form, label, widget, hint)

    # -- showing --------------------------------------------------------------------------------

    def load(self, draft: Row, amends: Row | None) -> None:
        """Show the draft's saved values; a field being typed in, or showing a refusal, is left
        as it is."""
        if self.addendum:
            when = local_time(amends["occurred_at"]) if amends is not None else ""
            title = self.tr("Addendum to the contact of {when}").format(when=when)
        else:
            title = self.tr("New contact (draft)")
        self.setTitle(title)
        self.setAccessibleName(title)
        self._loading = True
        try:
            for name in FIELDS:
                self._values[name] = draft[name]
                error = self.errors.get(name)
                if error is not None and not error.isHidden():
                    continue  # a refused value stays on screen with its message
                widget = self._widget(name)
                if widget.hasFocus() and self._typed(name) != self._shown(name, draft[name]):
                    continue  # the worker is typing here
                self._show(name, draft[name])
        finally:
            self._loading = False

    def _widget(self, name: str) -> QWidget:
        return {"occurred_at": self.when, "mode": self.mode, "kind": self.kind,
                "duration_minutes": self.minutes, "attended": self.attended,
                "notes": self.notes, "follow_up_on": self.follow_up_on,
                "follow_up_what": self.follow_up_what}[name]  # fmt: skip

    def _shown(self, name: str, value: Any) -> Any:
        """A stored value as it appears in its field."""
        if name == "occurred_at":
            return local_time(value) if isinstance(value, dt.datetime) else ""
        if name == "follow_up_on":
            return uk(value) if isinstance(value, dt.date) else ""
        if name in ("mode", "kind"):
            return value
        if name == "attended":
            return bool(value)
        return "" if value is None else str(value)

    def _typed(self, name: str) -> Any:
        widget = self._widget(name)
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QRadioButton):
            return widget.isChecked()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        assert isinstance(widget, QLineEdit)
        return widget.text().strip()

    def _show(self, name: str, value: Any) -> None:
        shown = self._shown(name, value)
        widget = self._widget(name)
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(widget.findData(shown), 0))
        elif name == "attended":
            (self.attended if shown else self.did_not_attend).setChecked(True)
        elif isinstance(widget, QPlainTextEdit):
            if widget.toPlainText() != shown:
                widget.setPlainText(shown)
        elif isinstance(widget, QLineEdit):
            widget.setText(shown)
            widget.setCursorPosition(0)

    # -- saving ---------------------------------------------------------------------------------

    def _save(self, name: str) -> bool:
        """Check and save one field; False if it was refused (the message is under it)."""
        if self._loading:
            return True
        if name == "notes":
            self._timer.stop()
        typed = self._typed(name)
        error = self.errors.get(name)
        try:
            raw = parse_moment(typed) if name == "occurred_at" else typed
            value = contacts.check_draft_field(name, raw)
        except (ValueError, FieldRefused) as exc:
            if error is not None:
                error.show_message(str(exc))
            return False
        if error is not None:
            error.clear_message()
        if self._shown(name, value) == self._shown(name, self._values.get(name)):
            if name not in ("notes", "attended"):
                self._loading = True
                self._show(name, value)  # tidy what was typed
                self._loading = False
            return True
        try:
            self.editor.run(contacts.save_draft, self.draft_id, name, value)
        except Refused as refused:
            if error is not None:
                error.show_message(refused.message)
            return False
        self._values[name] = value
        return True

    def flush(self) -> bool:
        """Save every field that differs from what is saved; False if any was refused."""
        ok = True
        for name in FIELDS if not self.addendum else ADDENDUM_FIELDS:
            if self._typed(name) != self._shown(name, self._values.get(name)):
                ok = self._save(name) and ok
        return ok and all(e.isHidden() for e in self.errors.values())

    def sign(self) -> None:
        if not self.flush():
            self.sign_error.show_message(self.tr("Put right the fields marked above, then sign."))
            return
        self.sign_error.clear_message()
        try:
            self.editor.run(contacts.sign_draft, self.draft_id)
        except Refused as refused:
            self.sign_error.show_message(refused.message)

    def ask_discard(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Discard this draft?"),
            self.tr("The draft will be deleted from this laptop. This cannot be undone."),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        discard = box.addButton(self.tr("Discard draft"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep writing"), QMessageBox.ButtonRole.RejectRole)
        discard.setAccessibleName(self.tr("Discard the draft"))
        keep.setAccessibleName(self.tr("Keep the draft"))
        box.setDefaultButton(keep)
        box.setAccessibleName(self.tr("Discard this draft?"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.discard_box = box

        def answered() -> None:
            self.discard_box = None
            if box.clickedButton() is discard:
                self._timer.stop()
                with contextlib.suppress(Refused):
                    self.editor.run(contacts.discard_draft, self.draft_id)

        box.finished.connect(answered)
        box.open()


class ContactsTab(QWidget):
    def __init__(self, editor: RecordEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.record: PersonRecord | None = None
        self.drafts: dict[str, DraftForm] = {}
        self.addendum_buttons: dict[str, QPushButton] = {}
        self._focus_draft: str | None = None
        self._order: list[str] = []  # the drafts shown, in order
        self._timeline_shown: object = None  # what the timeline was built from

        content = QWidget()
        column = QVBoxLayout(content)
        top = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New contact"))
        self.new_button.setAccessibleName(self.tr("Write a new contact note"))
        self.new_button.clicked.connect(self.new_contact)
        top.addWidget(self.new_button)
        intro = self.tr(
            "A note is saved as you write it and kept on this laptop until you sign it. Once "
            "signed it cannot be changed: add an addendum to correct it."
        )
        top.addWidget(text_label(intro, muted=True), 1)
        column.addLayout(top)
        self.draft_column = QVBoxLayout()
        column.addLayout(self.draft_column)
        box, self.timeline = section(self.tr("Contacts, newest first"))
        column.addWidget(box)
        column.addStretch(1)
        self.scroll_area = scrolling(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)

    # -- showing --------------------------------------------------------------------------------

    def show_record(self, record: PersonRecord) -> None:
        if self.record is not None and self.record.person.id != record.person.id:
            self._drop_drafts(set(self.drafts))
        self.record = record
        by_id = {c.id: c for c in record.contacts}
        wanted = [d.id for d in record.drafts]
        self._drop_drafts(set(self.drafts) - set(wanted))
        for draft in record.drafts:
            form = self.drafts.get(draft.id)
            if form is None:
                form = DraftForm(self.editor, draft)
                self.drafts[draft.id] = form
            form.load(draft, by_id.get(draft["amends_id"]) if draft["amends_id"] else None)
        if self._order != wanted:
            for draft_id in self._order:
                if draft_id in self.drafts:
                    self.draft_column.removeWidget(self.drafts[draft_id])
            for draft_id in wanted:
                self.draft_column.addWidget(self.drafts[draft_id])
            self._order = wanted
        self._show_timeline(record)
        focus = self.drafts.get(self._focus_draft or "")
        if focus is not None:
            self._focus_draft = None
            focus.notes.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_area.ensureWidgetVisible(focus)

    def _drop_drafts(self, ids: set[str]) -> None:
        for draft_id in ids:
            form = self.drafts.pop(draft_id)
            self.draft_column.removeWidget(form)
            form.hide()
            form.deleteLater()

    def _show_timeline(self, record: PersonRecord) -> None:
        being_amended = {d["amends_id"] for d in record.drafts if d["amends_id"]}
        # Signed contacts never change: build the cards again only when there are others (not
        # each time a draft is saved, which would lose a selection in a note being read).
        shown = (
            record.person.id,
            tuple(c.id for c in record.contacts),
            tuple((f.id, f["due_on"], f["what"]) for f in record.follow_ups),
            frozenset(being_amended),
        )
        if shown == self._timeline_shown:
            return
        self._timeline_shown = shown
        clear_layout(self.timeline)
        self.addendum_buttons = {}
        follow_ups: dict[str, list[Row]] = {}
        for f in record.follow_ups:
            if f["source_entity"] == "encounter" and f["source_id"]:
                follow_ups.setdefault(f["source_id"], []).append(f)
        contacts_ = [c for c in record.contacts if c["amends_id"] is None]
        if not contacts_:
            none = self.tr("No contacts yet. Use New contact to write the first note.")
            self.timeline.addWidget(text_label(none, muted=True))
        for contact in contacts_:
            self.timeline.addWidget(
                self._card(record, contact, contact.id in being_amended, follow_ups)
            )

    def _card(self, record: PersonRecord, contact: Row, amending: bool,
              follow_ups: dict[str, list[Row]]) -> QWidget:  # fmt: skip
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        when = local_time(contact["occurred_at"])
        card.setAccessibleName(self.tr("Contact of {when}").format(when=when))
        column = QVBoxLayout(card)
        head = QHBoxLayout()
        head.addWidget(text_label(self._words(contact), bold=True), 1)
        attended = self.tr("Attended") if contact["attended"] else self.tr("Did not attend")
        head.addWidget(text_label(attended, bold=not contact["attended"]))
        column.addLayout(head)
        notes = contact["notes"] or self.tr("(no note)")
        note = text_label(notes)
        note.setAccessibleName(self.tr("Note of {when}").format(when=when))
        note.setAccessibleDescription(notes)
        column.addWidget(note)
        for f in follow_ups.get(contact.id, []):
            column.addWidget(text_label(self.tr("Follow-up due {d}: {what}").format(
                d=uk(f["due_on"]), what=f["what"])))  # fmt: skip
        column.addWidget(text_label(self._signed(contact), muted=True))
        for addendum in record.addenda(contact.id):
            column.addWidget(self._addendum(addendum, follow_ups))
        row = QHBoxLayout()
        button = QPushButton(
            self.tr("Addendum being written above") if amending else self.tr("Add addendum")
        )
        button.setEnabled(not amending)
        button.setAccessibleName(self.tr("Add an addendum to the contact of {when}").format(
            when=when))  # fmt: skip
        button.clicked.connect(lambda _c=False, cid=contact.id: self.add_addendum(cid))
        self.addendum_buttons[contact.id] = button
        row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        return card

    def _words(self, contact: Row) -> str:
        """When, how, what kind and how long: "03/02/2026 14:30 · Phone · Review · 30 min"."""
        parts = [local_time(contact["occurred_at"]), self.tr(capital(contact["mode"])),
                 self.tr(capital(contact["kind"]))]  # fmt: skip
        if contact["duration_minutes"]:
            parts.append(self.tr("{n} min").format(n=contact["duration_minutes"]))
        return " · ".join(parts)

    def _addendum(self, addendum: Row, follow_ups: dict[str, list[Row]]) -> QWidget:
        box = QWidget()
        when = local_time(addendum["occurred_at"])
        box.setAccessibleName(self.tr("Addendum of {when}").format(when=when))
        column = QVBoxLayout(box)
        indent = self.fontMetrics().averageCharWidth() * 4
        column.setContentsMargins(indent, 4, 0, 4)
        column.setSpacing(2)
        text = self.tr("Addendum {when}: {note}").format(when=when, note=addendum["notes"] or "")
        column.addWidget(text_label(text))
        for f in follow_ups.get(addendum.id, []):
            column.addWidget(text_label(self.tr("Follow-up due {d}: {what}").format(
                d=uk(f["due_on"]), what=f["what"])))  # fmt: skip
        column.addWidget(text_label(self._signed(addendum), muted=True))
        return box

    def _signed(self, contact: Row) -> str:
        signed = contact["signed_off_at"]
        if signed is None:
            return self.tr("Not signed off")
        return self.tr("Signed {when}").format(when=local_time(signed))

    # -- acting ---------------------------------------------------------------------------------

    def new_contact(self) -> None:
        if self.record is None:
            return
        referral = self.record.open_referral
        with contextlib.suppress(Refused):
            self._focus_draft = self.editor.run(
                contacts.start_draft, self.record.person.id, None,
                referral.id if referral is not None else None,
            )  # fmt: skip

    def add_addendum(self, contact_id: str) -> None:
        if self.record is None:
            return
        with contextlib.suppress(Refused):
            self._focus_draft = self.editor.run(
                contacts.start_draft, self.record.person.id, contact_id
            )

    def flush(self) -> None:
        for form in self.drafts.values():
            form.flush()

    def clear(self) -> None:
        self._drop_drafts(set(self.drafts))
        self._order = []
        clear_layout(self.timeline)
        self.addendum_buttons = {}
        self._timeline_shown = None
        self.record = None

"""A form of a record's fields, built from ``care.fields``, saved as the worker types.

Each field gets the editor its rule asks for (a line, a box of text, a list of choices, a tick)
with its label, its hint and an inline error under it. A line is saved when the worker leaves
it or presses Enter; a box of text a moment after typing stops, and on leaving it; a choice or
tick at once. A refused value stays on screen with the message under it and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from linkworker.care import fields
from linkworker.care.fields import FieldRefused, Rule
from linkworker.care.nhs_number import format_nhs_number
from linkworker.ui.record_edits import RecordEditor, Refused
from linkworker.ui.widgets import InlineError, add_field

TYPING_PAUSE_MS = 1200  # a box of text is saved this long after typing stops


def shown(rule: Rule, value: Any) -> str:
    """A stored value as the worker reads and types it."""
    if value is None:
        return ""
    if rule.kind == "date" and isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if rule.kind == "money" and isinstance(value, int):
        return fields.pounds(value).removeprefix("£").replace(",", "")
    if rule.kind == "nhs":
        try:
            return format_nhs_number(str(value))
        except ValueError:
            return str(value)
    return str(value)


class _LongText(QPlainTextEdit):
    """A box of text that reports leaving it (``left``), for saving."""

    def __init__(self, on_leave: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_leave = on_leave
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event: Any) -> None:
        super().focusOutEvent(event)
        self._on_leave()


class FieldForm(QWidget):
    """The named fields of one entity. ``load`` shows a row (or none yet: the first value saved
    then creates the row through ``create``)."""

    def __init__(
        self,
        entity: str,
        names: Sequence[str],
        editor: RecordEditor,
        parent: QWidget | None = None,
        labels: Mapping[str, str] | None = None,
        text_lines: int = 3,
    ) -> None:
        super().__init__(parent)
        self.entity = entity
        self.editor = editor
        self.row_id: str | None = None
        self._create: Callable[[str, Any], str | None] | None = None
        self._values: dict[str, Any] = {}
        self._loading = False
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, InlineError] = {}
        self._timers: dict[str, QTimer] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form = form
        for name in names:
            rule = fields.rule(entity, name)
            label = (labels or {}).get(name, rule.label)
            widget = self._editor_for(name, rule, text_lines)
            widget.setAccessibleName(label)
            self.editors[name] = widget
            self.errors[name] = add_field(form, label, widget, rule.hint or None)

    # -- building -------------------------------------------------------------------------------

    def _editor_for(self, name: str, rule: Rule, text_lines: int) -> QWidget:
        if rule.kind == "long text":
            box = _LongText(lambda: self._commit(name))
            box.setFixedHeight(box.fontMetrics().lineSpacing() * text_lines + 14)
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(TYPING_PAUSE_MS)
            timer.timeout.connect(lambda: self._commit(name))
            self._timers[name] = timer
            box.textChanged.connect(lambda: None if self._loading else timer.start())
            return box
        if rule.kind == "choice":
            combo = QComboBox()
            if not rule.required:
                combo.addItem(self.tr("(not recorded)"), None)
            for choice in rule.choices:
                combo.addItem(self.tr(choice[:1].upper() + choice[1:]), choice)
            combo.activated.connect(lambda _i: self._commit(name))
            return combo
        if rule.kind == "yes/no":
            tick = QCheckBox(self.tr("Yes"))
            tick.toggled.connect(lambda _on: self._commit(name))
            return tick
        line = QLineEdit()
        if rule.kind == "date":
            line.setPlaceholderText(self.tr("DD/MM/YYYY"))
            line.setMaximumWidth(line.fontMetrics().averageCharWidth() * 16)
        elif rule.kind in ("whole", "money"):
            line.setMaximumWidth(line.fontMetrics().averageCharWidth() * 14)
        line.editingFinished.connect(lambda: self._commit(name))
        return line

    # -- showing --------------------------------------------------------------------------------

    def load(
        self,
        row: Mapping[str, Any] | None,
        row_id: str | None,
        create: Callable[[str, Any], str | None] | None = None,
    ) -> None:
        """Show ``row``'s values; with no row yet, the first value saved calls ``create``.

        A field the worker is typing in, or one showing why its value was refused, keeps what
        was typed (while the same record is shown).
        """
        same_row = row_id is not None and row_id == self.row_id
        self.row_id = row_id
        self._create = create
        self._loading = True
        try:
            for name, widget in self.editors.items():
                value = row.get(name) if row is not None else None
                self._values[name] = value
                typed = self._current(name) != shown(fields.rule(self.entity, name), value)
                if typed and (self._focused(widget) or (same_row and self.message(name))):
                    continue  # the worker's own words stay until saved or put right
                self._show(name, value)
                self.errors[name].clear_message()
        finally:
            self._loading = False

    def _focused(self, widget: QWidget) -> bool:
        return widget.hasFocus()

    def _show(self, name: str, value: Any) -> None:
        widget = self.editors[name]
        rule = fields.rule(self.entity, name)
        if isinstance(widget, QPlainTextEdit):
            if widget.toPlainText() != (value or ""):
                widget.setPlainText(value or "")
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            widget.setCurrentIndex(max(index, 0))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QLineEdit):
            widget.setText(shown(rule, value))
            widget.setCursorPosition(0)

    def _current(self, name: str) -> Any:
        widget = self.editors[name]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QLineEdit):
            return widget.text()
        return None

    # -- saving ---------------------------------------------------------------------------------

    def _commit(self, name: str) -> None:
        if self._loading:
            return
        timer = self._timers.get(name)
        if timer is not None:
            timer.stop()
        rule = fields.rule(self.entity, name)
        raw = self._current(name)
        error = self.errors[name]
        try:
            value = fields.check(self.entity, name, raw)
        except FieldRefused as exc:
            error.show_message(str(exc))
            return
        error.clear_message()
        if value == self._values.get(name):
            if rule.kind not in ("long text",):
                self._loading = True
                self._show(name, value)  # tidy what was typed ("mb1 2ab" → "MB1 2AB")
                self._loading = False
            return
        try:
            if self.row_id is None:
                if self._create is None:
                    return
                self.row_id = self._create(name, value)
            else:
                self.editor.set_field(self.entity, self.row_id, name, value, rule.label.lower())
        except Refused as refused:
            error.show_message(refused.message)
            return
        self._values[name] = value
        if rule.kind != "long text":
            self._loading = True
            self._show(name, value)
            self._loading = False

    def flush(self) -> None:
        """Save what was typed and not saved yet: a box of text waiting for its pause, a line
        still being typed in (the record is being closed, or the app locked)."""
        for name, widget in self.editors.items():
            timer = self._timers.get(name)
            if timer is not None and timer.isActive():
                self._commit(name)
            elif isinstance(widget, QLineEdit) and not self.message(name):
                stored = shown(fields.rule(self.entity, name), self._values.get(name))
                if widget.text().strip() != stored.strip():
                    self._commit(name)

    def blank(self) -> None:
        """Forget every value shown, saving nothing (the app is locking; saved first)."""
        self._loading = True
        try:
            for name in self.editors:
                self._show(name, None)
                self.errors[name].clear_message()
                self._values[name] = None
            self.row_id = None
            self._create = None
        finally:
            self._loading = False

    def value_shown(self, name: str) -> Any:
        return self._current(name)

    def set_enabled_fields(self, enabled: bool) -> None:
        for widget in self.editors.values():
            widget.setEnabled(enabled)

    def message(self, name: str) -> str:
        return self.errors[name].text() if self.errors[name].isVisible() else ""


def focus_is_in(widget: QWidget) -> bool:
    focus = widget.focusWidget()
    return focus is not None and widget.isAncestorOf(focus)

"""The Conflicts view: each conflict's values side by side, who set each and when; keep one or
write a merged value.

The view shows plain ``ConflictItem``s it is given and asks for a resolution with
``resolve_requested(conflict id, value, merged)``; the window writes it and syncs.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from linkworker.care.nhs_number import InvalidNHSNumber, normalise
from linkworker.care.person import parse_date
from linkworker.ui.conflicts_data import (
    BOOL,
    CHOICE,
    DATE,
    LONG_TEXT,
    NHS_NUMBER,
    Choice,
    ConflictItem,
)
from linkworker.ui.widgets import InlineError, heading_label, intro_label

ID_ROLE = Qt.ItemDataRole.UserRole


def _bold(label: QLabel, scale: float = 1.0) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def _plain(text: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


class ChoiceCard(QFrame):
    """One standing value: who set it, when, the value, and "Keep this"."""

    keep = Signal()

    def __init__(self, choice: Choice, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = choice
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(self.tr("Value {n}, from {who}").format(n=number, who=choice.who))
        layout = QVBoxLayout(self)
        self.who = _bold(_plain(choice.who))
        self.who.setAccessibleName(self.tr("Who"))
        if choice.device_name:
            self.who.setToolTip(self.tr("On the laptop “{name}”").format(name=choice.device_name))
        self.when = _plain(self.tr("Changed {when}").format(when=choice.when))
        self.when.setAccessibleName(self.tr("When"))
        self.when.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.value = _plain(choice.shown)
        self.value.setAccessibleName(self.tr("Value"))
        self.value.setAccessibleDescription(choice.shown)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.value.setFrameShape(QFrame.Shape.Box)
        self.value.setAutoFillBackground(True)
        self.value.setBackgroundRole(QPalette.ColorRole.Base)
        self.value.setForegroundRole(QPalette.ColorRole.Text)
        self.value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.value.setMargin(self.fontMetrics().averageCharWidth())
        self.value.setMinimumHeight(self.fontMetrics().height() * 3)
        self.keep_button = QPushButton(self.tr("Keep this"))
        self.keep_button.setAccessibleName(
            self.tr("Keep the value from {who}").format(who=choice.who)
        )
        self.keep_button.clicked.connect(self.keep)
        layout.addWidget(self.who)
        layout.addWidget(self.when)
        layout.addWidget(self.value, 1)
        layout.addWidget(self.keep_button, 0, Qt.AlignmentFlag.AlignLeft)


class MergedEditor(QFrame):
    """Write a value that merges the others: an editor fitting the field, checked on Save."""

    save = Signal(object)  # the value as it travels (dates as ISO text)
    cancel = Signal()

    def __init__(self, item: ConflictItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Merged value"))
        layout = QVBoxLayout(self)
        layout.addWidget(_bold(_plain(self.tr("Write a merged value"))))
        latest = item.choices[0] if item.choices else None
        self.editor: QWidget
        if item.editor == BOOL:
            box = QCheckBox(item.field_label)
            box.setChecked(bool(latest.value) if latest else False)
            self.editor = box
        elif item.editor == CHOICE:
            combo = QComboBox()
            for value, shown in item.options:
                combo.addItem(shown, value)
            if latest is not None:
                index = combo.findData(latest.value)
                combo.setCurrentIndex(max(0, index))
            self.editor = combo
        elif item.editor == LONG_TEXT:
            text = QPlainTextEdit()
            seen: list[str] = []
            for choice in item.choices:  # every side's words, to edit into one
                if choice.value and str(choice.value) not in seen:
                    seen.append(str(choice.value))
            text.setPlainText("\n\n".join(seen))
            text.setMinimumHeight(self.fontMetrics().height() * 6)
            self.editor = text
        else:
            line = QLineEdit()
            if latest is not None and latest.value not in (None, ""):
                line.setText(latest.shown)
            if item.editor == DATE:
                line.setPlaceholderText(self.tr("DD/MM/YYYY, for example 04/09/1961"))
            self.editor = line
        self.editor.setAccessibleName(
            self.tr("Merged value for {field}").format(field=item.field_label)
        )
        layout.addWidget(self.editor)
        self.error = InlineError(self.editor)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save merged value"))
        self.save_button.setAccessibleName(self.tr("Save merged value"))
        self.save_button.clicked.connect(self._save)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the merged value"))
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.save_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        layout.addLayout(row)

    def value(self) -> tuple[bool, Any]:
        """(True, value) when the typed value is fine; else (False, None), problem shown."""
        self.error.clear_message()
        editor = self.editor
        if isinstance(editor, QCheckBox):
            return True, editor.isChecked()
        if isinstance(editor, QComboBox):
            return True, editor.currentData()
        if isinstance(editor, QPlainTextEdit):
            text = editor.toPlainText().strip()
            return True, text or None
        assert isinstance(editor, QLineEdit)
        text = editor.text().strip()
        if self.item.editor == DATE:
            try:
                parsed = parse_date(text)
            except ValueError as exc:
                self.error.show_message(str(exc))
                return False, None
            return True, parsed.isoformat() if parsed else None
        if self.item.editor == NHS_NUMBER:
            if not text:
                return True, None
            try:
                return True, normalise(text)
            except InvalidNHSNumber as exc:
                self.error.show_message(str(exc))
                return False, None
        return True, text or None

    def _save(self) -> None:
        ok, value = self.value()
        if ok:
            self.save.emit(value)


class ConflictsPage(QWidget):
    resolve_requested = Signal(str, object, bool)  # conflict id, value as it travels, merged

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Conflicts"))
        self.items: list[ConflictItem] = []
        self.cards: list[ChoiceCard] = []
        self.merged: MergedEditor | None = None

        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(self.tr("Conflicts")))
        self.intro = intro_label(
            self.tr(
                "The same detail was changed on more than one laptop before they synced. "
                "Linkworker kept every version. Choose the one that is right, or write a value "
                "that merges them; your choice then syncs to everyone."
            )
        )
        self.intro.setMaximumWidth(self.fontMetrics().averageCharWidth() * 100)
        layout.addWidget(self.intro)
        self.empty = intro_label(
            self.tr("Nothing needs you: every change made on other laptops has been agreed.")
        )
        # With nothing to show, the message sits under the heading (it takes the free space).
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)

        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Conflicts to resolve"))
        self.list.currentItemChanged.connect(self._selected)
        self.list.setMinimumWidth(self.fontMetrics().averageCharWidth() * 28)

        self.detail = QWidget()
        self.detail.setAccessibleName(self.tr("The selected conflict"))
        column = QVBoxLayout(self.detail)
        self.subject = _bold(_plain(), 1.3)
        self.subject.setAccessibleName(self.tr("Record"))
        self.field = _bold(_plain())
        self.field.setAccessibleName(self.tr("Detail in conflict"))
        self.explain = _plain()
        self.explain.setAccessibleName(self.tr("What happened"))
        self.cards_row = QHBoxLayout()
        self.merge_button = QPushButton(self.tr("Write a merged value…"))
        self.merge_button.setAccessibleName(self.tr("Write a merged value"))
        self.merge_button.clicked.connect(self.open_merged_editor)
        self.merged_slot = QVBoxLayout()
        column.addWidget(self.subject)
        column.addWidget(self.field)
        column.addWidget(self.explain)
        column.addLayout(self.cards_row)
        column.addWidget(self.merge_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addLayout(self.merged_slot)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.detail)

        self.splitter = QSplitter()
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([self.fontMetrics().averageCharWidth() * 34, 600])
        layout.addWidget(self.splitter, 1)
        self.show_conflicts([])

    # -- what the window gives ------------------------------------------------------------------

    def show_conflicts(self, items: list[ConflictItem]) -> None:
        """Show these conflicts, keeping the one selected if it is still there. When it has not
        changed (a background sync brought nothing new for it), its pane is left as it is, so a
        merged value being typed is not lost."""
        was = self.current_id()
        shown = self.current()
        self.items = list(items)
        self.list.blockSignals(True)
        self.list.clear()
        for item in self.items:
            row = QListWidgetItem(f"{item.subject}\n{item.field_label}")
            row.setData(ID_ROLE, item.id)
            row.setData(Qt.ItemDataRole.AccessibleTextRole, item.title)
            row.setToolTip(item.title)
            self.list.addItem(row)
        self.list.blockSignals(False)
        self.empty.setVisible(not self.items)
        self.intro.setVisible(bool(self.items))
        self.splitter.setVisible(bool(self.items))
        ids = [i.id for i in self.items]
        if self.items:
            self.list.blockSignals(True)
            self.list.setCurrentRow(ids.index(was) if was in ids else 0)
            self.list.blockSignals(False)
        if shown is None or self.current() != shown:
            self._selected()

    def clear(self) -> None:
        """Forget everything shown (the app is locking)."""
        self.show_conflicts([])

    def current_id(self) -> str | None:
        row = self.list.currentItem()
        return str(row.data(ID_ROLE)) if row is not None else None

    def current(self) -> ConflictItem | None:
        wanted = self.current_id()
        return next((i for i in self.items if i.id == wanted), None)

    def select(self, conflict_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == conflict_id:
                self.list.setCurrentRow(row)
                return

    # -- the selected conflict ------------------------------------------------------------------

    def _selected(self, *_args: object) -> None:
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        self._close_merged_editor()
        item = self.current()
        self.detail.setVisible(item is not None)
        if item is None:
            return
        self.subject.setText(item.subject)
        self.subject.setAccessibleDescription(item.subject)
        self.field.setText(item.field_label)
        self.field.setAccessibleDescription(item.field_label)
        self.explain.setText(
            self.tr(
                "Changed on {n} laptops before they synced. Keep the value that is right, or "
                "write one that merges them."
            ).format(n=len(item.choices))
        )
        for number, choice in enumerate(item.choices, start=1):
            card = ChoiceCard(choice, number)
            card.keep.connect(
                lambda c=choice, i=item.id: self.resolve_requested.emit(i, c.value, False)
            )
            self.cards_row.addWidget(card, 1)
            card.show()  # at once, not after the next turn of the event loop
            self.cards.append(card)

    def open_merged_editor(self) -> None:
        item = self.current()
        if item is None or self.merged is not None:
            return
        editor = MergedEditor(item)
        editor.save.connect(lambda value, i=item.id: self.resolve_requested.emit(i, value, True))
        editor.cancel.connect(self._close_merged_editor)
        self.merged_slot.addWidget(editor)
        editor.show()
        self.merged = editor
        self.merge_button.hide()
        editor.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _close_merged_editor(self) -> None:
        if self.merged is not None:
            self.merged.setParent(None)
            self.merged.deleteLater()
            self.merged = None
        self.merge_button.show()

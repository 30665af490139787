"""Widgets the dialogs share: a field with its inline error, a passphrase box, a busy cursor, and
a button that looks like a link (for the status bar)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)


class InlineError(QWidget):
    """A message under a field, in words beside a warning icon: never colour alone.

    Hidden while there is nothing to say. The message is also set as the field's accessible
    description, so a screen reader reads it with the field.
    """

    def __init__(self, field: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._field = field
        self._field_hint = field.accessibleDescription() if field is not None else ""
        self._icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._icon.setPixmap(icon.pixmap(size, size))
        self._icon.setAccessibleName(self.tr("Error"))
        self._label = QLabel(self)
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bold = QFont(self._label.font())
        bold.setBold(True)
        self._label.setFont(bold)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._label, 1)
        self.setAccessibleName(self.tr("Error message"))
        self.hide()

    def text(self) -> str:
        return self._label.text()

    def show_message(self, message: str) -> None:
        self._label.setText(message)
        self._label.setAccessibleName(message)
        self.setAccessibleDescription(message)
        if self._field is not None:
            self._field.setAccessibleDescription(message or self._field_hint)
        self.setVisible(bool(message))
        grow_to_fit(self.window())

    def clear_message(self) -> None:
        self.show_message("")


class PassphraseEdit(QLineEdit):
    """A line edit that never shows what is typed and keeps it from input-method history."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhNoAutoUppercase
        )
        self.setAccessibleName(accessible_name)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 36)

    def wipe(self) -> None:
        self.clear()


class LinkButton(QPushButton):
    """A button drawn as a link, in the palette's link colour (dark mode follows). It is still a
    button: it takes the focus with Tab and is pressed with Space, and screen readers say so."""

    def __init__(self, text: str = "", bold: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setFlat(True)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves the focus where it was
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        weight = "bold" if bold else "normal"
        self.setStyleSheet(
            "QPushButton { border: none; padding: 0px 4px; color: palette(link); "
            f"text-decoration: underline; font-weight: {weight}; }}"
            "QPushButton:focus { outline: 1px dotted palette(link); }"
        )


def add_field(
    form: QFormLayout, label_text: str, field: QWidget, hint: str | None = None
) -> InlineError:
    """Add a labelled field with an optional hint and an inline error under it; return the error."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(field)
    if hint:
        hint_label = QLabel(hint)
        hint_label.setWordWrap(True)
        hint_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, from the palette
        hint_label.setAccessibleName(hint)
        field.setAccessibleDescription(hint)
        column.addWidget(hint_label)
    error = InlineError(field)
    column.addWidget(error)
    label = QLabel(label_text)
    label.setBuddy(field)
    form.addRow(label, box)
    return error


def intro_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(text)
    return label


def heading_label(text: str, scale: float = 1.4) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def grow_to_fit(window: QWidget) -> None:
    """Make a window tall enough for its content after a message appeared in it.

    Wrapped labels trade width for height, which a window's minimum size does not follow: without
    this, a new inline error would squeeze the text above it out of sight.
    """
    layout = window.layout()
    if layout is None or not window.isWindow():
        return
    layout.activate()
    if layout.hasHeightForWidth():
        needed = layout.totalHeightForWidth(window.width())
    else:
        needed = layout.totalSizeHint().height()
    if needed > window.height():
        window.resize(window.width(), needed)


@contextmanager
def busy_cursor() -> Iterator[None]:
    """Show the wait cursor while the passphrase is stretched (about a quarter of a second)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()

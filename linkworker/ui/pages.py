"""Simple pages: the sections still to come, said plainly, and the page shown while locked."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from linkworker.ui.widgets import heading_label, intro_label


class ComingLaterPage(QWidget):
    """A section that arrives in a later version. It shows no sample or made-up data."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(title))
        self.text = intro_label(text)
        self.text.setMaximumWidth(self.fontMetrics().averageCharWidth() * 80)
        layout.addWidget(self.text)
        layout.addStretch(1)


class LockedPage(QWidget):
    """Shown instead of every section while Linkworker is locked."""

    unlock_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Linkworker is locked"))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = heading_label(self.tr("Linkworker is locked"), 1.6)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        self.reason = QLabel()
        self.reason.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason.setWordWrap(True)
        self.reason.setAccessibleName(self.tr("Why Linkworker is locked"))
        layout.addWidget(self.reason)
        self.unlock_button = QPushButton(self.tr("Unlock…"))
        self.unlock_button.setAccessibleName(self.tr("Unlock"))
        self.unlock_button.clicked.connect(self.unlock_requested)
        layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)

    def set_opening(self, text: str) -> None:
        """While the app starts: say what is happening, offer nothing to click yet."""
        self.title.setText(text)
        self.reason.setText("")
        self.unlock_button.hide()

    def set_reason(self, text: str) -> None:
        self.title.setText(self.tr("Linkworker is locked"))
        self.unlock_button.show()
        self.reason.setText(text)
        self.reason.setAccessibleDescription(text)

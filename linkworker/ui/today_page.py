"""Today: what needs the worker now. For now, the conflicts waiting for a decision; the due
follow-ups and new referrals arrive in a later version (said plainly, with no made-up data)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from linkworker.ui.conflicts_data import ConflictItem
from linkworker.ui.sync_status import conflicts_text
from linkworker.ui.widgets import heading_label, intro_label

SHOWN = 5  # conflicts named on the panel; the rest are counted


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


class TodayPage(QWidget):
    open_conflicts = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Today"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(self.tr("Today")))
        self.conflicts = ConflictsPanel()
        self.conflicts.open_requested.connect(self.open_conflicts)
        self.conflicts.setMaximumWidth(self.fontMetrics().averageCharWidth() * 90)
        self.conflicts.hide()
        layout.addWidget(self.conflicts)
        self.text = intro_label(
            self.tr(
                "Today will list the follow-ups that are due, new referrals, and anything "
                "waiting for your decision. It arrives in a later version. For now, your "
                "people are under Caseload."
            )
        )
        self.text.setMaximumWidth(self.fontMetrics().averageCharWidth() * 80)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def show_conflicts(self, items: list[ConflictItem]) -> None:
        self.conflicts.show_conflicts(items)

    def clear(self) -> None:
        self.conflicts.show_conflicts([])

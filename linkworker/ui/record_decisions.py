"""Shared decisions: a choice the person weighs up with the link worker.

Each decision has its question, what matters most to the person, the decision aid used, the
options side by side (doing nothing is always one of them, and stays) with the benefits, risks
and what each would mean for the person, then the option chosen and the date. Saved as typed.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from linkworker.care import fields
from linkworker.care.fields import FieldRefused
from linkworker.store.record import PersonRecord, Row
from linkworker.ui.field_form import FieldForm
from linkworker.ui.record_edits import RecordEditor, Refused
from linkworker.ui.record_sections import (
    AddLine,
    RowColumn,
    scrolling,
    section,
    short,
    text_label,
    uk,
)

QUESTION = ("question", "what_matters_most", "decision_aid")
OPTION = ("title", "benefits", "risks", "what_it_would_mean")


class OptionCard(QFrame):
    """One option: its benefits, risks and what it would mean for the person."""

    def __init__(self, editor: RecordEditor, option_id: str) -> None:
        super().__init__()
        self.editor = editor
        self.option_id = option_id
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.chosen = text_label(self.tr("✓ The option chosen"), bold=True)
        self.form = FieldForm("decision_option", OPTION, editor, text_lines=3)
        self.form.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above
        self.remove_button = QPushButton(self.tr("Remove option"))
        self.remove_button.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        column = QVBoxLayout(self)
        column.addWidget(self.chosen)
        column.addWidget(self.form)
        column.addStretch(1)
        column.addLayout(buttons)

    def show_row(self, option: Row, chosen: bool) -> None:
        self.form.load(option, option.id)
        title = option["title"] or ""
        self.setAccessibleName(self.tr("Option: {title}").format(title=title))
        # The words are blank on the others, not hidden, so the options' fields stay level.
        self.chosen.setText(self.tr("✓ The option chosen") if chosen else "")
        self.chosen.setAccessibleName(self.chosen.text())
        why = ""
        if option["is_doing_nothing"]:
            why = self.tr("Doing nothing is always one of the options, so it stays. Its words "
                          "can be changed.")  # fmt: skip
        self.remove_button.setEnabled(not why)
        self.remove_button.setToolTip(why)
        self.remove_button.setAccessibleDescription(why)
        self.remove_button.setAccessibleName(
            self.tr("Remove the option: {title}").format(title=title)
        )

    def _remove(self) -> None:
        with contextlib.suppress(Refused):
            self.editor.remove_row("decision_option", self.option_id, self.tr("option"))


class DecisionBox(QGroupBox):
    def __init__(self, editor: RecordEditor, decision_id: str) -> None:
        super().__init__()
        self.editor = editor
        self.decision_id = decision_id
        self.question = FieldForm("shared_decision", QUESTION, editor, text_lines=2)
        self.remove_button = QPushButton(self.tr("Remove decision"))
        self.remove_button.setAccessibleName(self.tr("Remove this decision"))
        self.remove_button.clicked.connect(self._remove)
        top = QHBoxLayout()
        top.addWidget(self.question, 1)
        top.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)

        self.option_row = QHBoxLayout()
        self.options: RowColumn[OptionCard] = RowColumn(self.option_row)
        self.add_option = AddLine(
            self.tr("Another option, for example: try the group for a month"),
            self.tr("Add option"),
            self._add_option,
        )

        self.choice = FieldForm("shared_decision", ("decided_on",), editor)
        self.chosen = QComboBox()
        self.chosen.setAccessibleName(self.tr("The option chosen"))
        self.chosen.activated.connect(self._chosen)
        chosen_label = QLabel(self.tr("The option chosen"))
        chosen_label.setBuddy(self.chosen)
        self.choice.form.insertRow(0, chosen_label, self.chosen)
        self._option_items: list[tuple[str, str | None]] = []

        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(text_label(self.tr("Options"), bold=True))
        column.addLayout(self.option_row)
        column.addWidget(self.add_option)
        column.addWidget(text_label(self.tr("The choice"), bold=True))
        column.addWidget(self.choice)

    def show_row(self, decision: Row, options: list[Row]) -> None:
        title = self.tr("Decision started {d}").format(d=uk(decision["created_at"].date()))
        if decision["decided_on"]:
            title = self.tr("Decision made {d}").format(d=uk(decision["decided_on"]))
        self.setTitle(title)
        self.setAccessibleName(title + ": " + short(decision["question"]))
        self.question.load(decision, decision.id)
        self.choice.load(decision, decision.id)
        chosen = decision["chosen_option_id"]
        cards = self.options.show([o.id for o in options], lambda i: OptionCard(self.editor, i))
        for card, option in zip(cards, options, strict=True):
            card.show_row(option, option.id == chosen)
        items: list[tuple[str, str | None]] = [(self.tr("(not decided yet)"), None)]
        items += [(short(o["title"]), o.id) for o in options]
        if items != self._option_items:
            self.chosen.blockSignals(True)
            self.chosen.clear()
            for text, option_id in items:
                self.chosen.addItem(text, option_id)
            self.chosen.blockSignals(False)
            self._option_items = items
        self.chosen.setCurrentIndex(max(self.chosen.findData(chosen), 0))

    def forms(self) -> list[FieldForm]:
        return [self.question, self.choice] + [c.form for c in self.options.widgets.values()]

    def _add_option(self, title: str) -> None:
        self.editor.add_row("decision_option", {"decision_id": self.decision_id, "title": title},
                            self.tr("option"))  # fmt: skip

    def _chosen(self, _index: int) -> None:
        option_id = self.chosen.currentData()
        with contextlib.suppress(Refused):
            self.editor.set_link("shared_decision", self.decision_id, "chosen_option_id",
                                 option_id, self.tr("the option chosen"))  # fmt: skip

    def _remove(self) -> None:
        with contextlib.suppress(Refused):
            self.editor.remove_row("shared_decision", self.decision_id, self.tr("decision"))


class DecisionsTab(QWidget):
    def __init__(self, editor: RecordEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.person_id: str | None = None
        content = QWidget()
        column = QVBoxLayout(content)
        box, new_column = section(self.tr("New decision"))
        new_column.addWidget(text_label(self.tr(
            "Weigh up a choice together: the options side by side (doing nothing is always one), "
            "what each would mean for the person, and what matters most to them."
        ), muted=True))  # fmt: skip
        self.new_decision = AddLine(
            self.tr("The decision to make, for example: whether to join the walking group"),
            self.tr("New decision"),
            self._new_decision,
        )
        new_column.addWidget(self.new_decision)
        column.addWidget(box)
        self.none_yet = text_label(self.tr("No shared decisions recorded yet."), muted=True)
        column.addWidget(self.none_yet)
        self.decision_list = QVBoxLayout()
        self.decisions: RowColumn[DecisionBox] = RowColumn(self.decision_list)
        column.addLayout(self.decision_list)
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolling(content))

    def show_record(self, record: PersonRecord) -> None:
        self.person_id = record.person.id
        decisions = record.decisions
        boxes = self.decisions.show([d.id for d in decisions],
                                    lambda i: DecisionBox(self.editor, i))  # fmt: skip
        for box, decision in zip(boxes, decisions, strict=True):
            box.show_row(decision, record.options.get(decision.id, []))
        self.none_yet.setVisible(not decisions)

    def _new_decision(self, question: str) -> None:
        """The decision and its doing-nothing option, as one step to undo."""
        if self.person_id is None:
            return
        try:  # refused before the undo step opens, so no empty step is left behind
            fields.check("shared_decision", "question", question)
        except FieldRefused as exc:
            self.editor.refused.emit(str(exc))
            raise Refused(str(exc)) from exc
        stack = self.editor.stack
        stack.beginMacro(self.tr("Add decision"))
        try:
            decision_id = self.editor.add_row(
                "shared_decision", {"person_id": self.person_id, "question": question},
                self.tr("decision"),
            )  # fmt: skip
            nothing = {"decision_id": decision_id, "title": self.tr("Do nothing for now")}
            self.editor.add_row("decision_option", nothing, self.tr("option"),
                                checked_elsewhere={"is_doing_nothing": True})  # fmt: skip
        finally:
            stack.endMacro()

    def flush(self) -> None:
        for box in self.decisions.widgets.values():
            for form in box.forms():
                form.flush()

    def clear(self) -> None:
        self.person_id = None
        self.decisions.clear()
        self.none_yet.show()

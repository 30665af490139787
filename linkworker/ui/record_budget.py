"""Personal health budget: why the person is eligible, the amount and its period, how it is
managed, the plan's lines with their costs against the amount, and when it was agreed and will be
reviewed. Saved as typed; the planned total is kept beside the amount."""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from linkworker.care import fields
from linkworker.care.fields import FieldRefused
from linkworker.store.record import PersonRecord, Row
from linkworker.ui.field_form import FieldForm
from linkworker.ui.record_edits import RecordEditor, Refused
from linkworker.ui.record_sections import (
    RowColumn,
    capital,
    scrolling,
    section,
    text_label,
    uk,
)
from linkworker.ui.widgets import InlineError, add_field

BUDGET = ("eligibility_basis", "amount_pence", "period", "managed_as", "agreed_on", "review_on")
SETUP = ("eligibility_basis", "amount_pence", "period", "managed_as")


class LineRow(QWidget):
    """One line of the budget's plan: the item and its cost."""

    def __init__(self, editor: RecordEditor, line_id: str) -> None:
        super().__init__()
        self.editor = editor
        self.line_id = line_id
        self.item = FieldForm("budget_line", ("item",), editor)
        self.cost = FieldForm("budget_line", ("cost_pence",), editor)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self._remove)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.item, 1)
        row.addWidget(self.cost)
        row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)

    def show_row(self, line: Row) -> None:
        self.item.load(line, line.id)
        self.cost.load(line, line.id)
        self.remove_button.setAccessibleName(
            self.tr("Remove the line: {item}").format(item=line["item"] or "")
        )

    def forms(self) -> list[FieldForm]:
        return [self.item, self.cost]

    def _remove(self) -> None:
        with contextlib.suppress(Refused):
            self.editor.remove_row("budget_line", self.line_id, self.tr("budget line"))


class BudgetBox(QGroupBox):
    """One budget: its terms on the left, its plan's lines and their total on the right."""

    def __init__(self, editor: RecordEditor, budget_id: str) -> None:
        super().__init__()
        self.editor = editor
        self.budget_id = budget_id
        self.form = FieldForm("health_budget", BUDGET, editor)
        self.remove_button = QPushButton(self.tr("Remove budget"))
        self.remove_button.setAccessibleName(self.tr("Remove this budget"))
        self.remove_button.clicked.connect(self._remove)
        left = QVBoxLayout()
        left.addWidget(self.form)
        left.addStretch(1)
        remove_row = QHBoxLayout()
        remove_row.addWidget(self.remove_button)
        remove_row.addStretch(1)
        left.addLayout(remove_row)

        self.line_list = QVBoxLayout()
        self.lines: RowColumn[LineRow] = RowColumn(self.line_list)
        self.no_lines = text_label(self.tr("No lines yet: what will the budget pay for?"),
                                   muted=True)  # fmt: skip

        self.total = text_label(bold=True)
        self.total.setAccessibleName(self.tr("Planned so far"))
        self.over_icon = QLabel()
        self.over_icon.setAccessibleName(self.tr("Warning"))
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.over_icon.setPixmap(icon.pixmap(size, size))
        total_row = QHBoxLayout()
        total_row.addWidget(self.over_icon, 0, Qt.AlignmentFlag.AlignTop)
        total_row.addWidget(self.total, 1)

        self.new_item = QLineEdit()
        self.new_item.setPlaceholderText(self.tr("A new line, for example: swimming pass"))
        self.new_item.setAccessibleName(self.tr("Item of the new line"))
        self.new_cost = QLineEdit()
        self.new_cost.setPlaceholderText(self.tr("Cost in £"))
        self.new_cost.setAccessibleName(self.tr("Cost of the new line, in pounds"))
        self.new_cost.setMaximumWidth(self.new_cost.fontMetrics().averageCharWidth() * 14)
        self.add_button = QPushButton(self.tr("Add line"))
        self.add_button.setAccessibleName(self.tr("Add the line to the budget"))
        self.add_button.clicked.connect(self._add_line)
        self.new_item.returnPressed.connect(self._add_line)
        self.new_cost.returnPressed.connect(self._add_line)
        self.add_error = InlineError(self.new_item)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_item, 1)
        add_row.addWidget(self.new_cost)
        add_row.addWidget(self.add_button)

        right = QVBoxLayout()
        right.addWidget(text_label(self.tr("What the budget pays for"), bold=True))
        right.addLayout(self.line_list)
        right.addWidget(self.no_lines)
        right.addLayout(total_row)
        right.addLayout(add_row)
        right.addWidget(self.add_error)
        right.addStretch(1)

        row = QHBoxLayout(self)
        row.addLayout(left, 2)
        row.addLayout(right, 3)

    def show_row(self, budget: Row, lines: list[Row]) -> None:
        title = self.tr("Personal health budget")
        if budget["agreed_on"]:
            title = self.tr("Personal health budget, agreed {d}").format(d=uk(budget["agreed_on"]))
        self.setTitle(title)
        self.setAccessibleName(title)
        self.form.load(budget, budget.id)
        rows = self.lines.show([li.id for li in lines], lambda i: LineRow(self.editor, i))
        for line_row, line in zip(rows, lines, strict=True):
            line_row.show_row(line)
        self.no_lines.setVisible(not lines)
        planned = sum(int(li["cost_pence"] or 0) for li in lines)
        amount = int(budget["amount_pence"] or 0)
        of = fields.pounds(amount)
        if budget["period"] != "one-off":
            of = self.tr("{amount} {period}").format(amount=of, period=self.tr(budget["period"]))
        if planned > amount:
            text = self.tr(
                "Planned: {planned} of {of}. That is {over} over the budget: take a line out, "
                "or change the amount."
            ).format(planned=fields.pounds(planned), of=of, over=fields.pounds(planned - amount))
        else:
            text = self.tr("Planned: {planned} of {of} ({left} left)").format(
                planned=fields.pounds(planned), of=of, left=fields.pounds(amount - planned)
            )
        self.total.setText(text)
        self.total.setAccessibleDescription(text)
        self.over_icon.setVisible(planned > amount)

    def forms(self) -> list[FieldForm]:
        return [self.form] + [f for line in self.lines.widgets.values() for f in line.forms()]

    def _add_line(self) -> None:
        try:
            self.editor.add_row("budget_line", {"budget_id": self.budget_id,
                                                "item": self.new_item.text(),
                                                "cost_pence": self.new_cost.text()},
                                self.tr("budget line"))  # fmt: skip
        except Refused as refused:
            self.add_error.show_message(refused.message)
            return
        self.new_item.clear()
        self.new_cost.clear()
        self.add_error.clear_message()
        self.new_item.setFocus()

    def _remove(self) -> None:
        with contextlib.suppress(Refused):
            self.editor.remove_row("health_budget", self.budget_id, self.tr("budget"))


class BudgetTab(QWidget):
    def __init__(self, editor: RecordEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.person_id: str | None = None
        content = QWidget()
        column = QVBoxLayout(content)

        # No budget yet: the four things needed to set one up.
        self.setup, setup_column = section(self.tr("Set up a personal health budget"))
        setup_column.addWidget(text_label(self.tr(
            "A personal health budget is an amount of money to support the person's health and "
            "wellbeing, planned and agreed with them. There is none yet: fill in these four to "
            "set it up, then add what it will pay for."
        )))  # fmt: skip
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.setup_fields: dict[str, QComboBox | QLineEdit] = {}
        self.setup_errors: dict[str, InlineError] = {}
        for name in SETUP:
            rule = fields.rule("health_budget", name)
            widget: QComboBox | QLineEdit
            if rule.kind == "choice":
                widget = QComboBox()
                widget.addItem(self.tr("(choose)"), None)
                for choice in rule.choices:
                    widget.addItem(self.tr(capital(choice)), choice)
            else:
                widget = QLineEdit()
                widget.setMaximumWidth(widget.fontMetrics().averageCharWidth() * 14)
                widget.returnPressed.connect(self._create)
            widget.setAccessibleName(self.tr(rule.label))
            self.setup_fields[name] = widget
            hint = self.tr(rule.hint) if rule.hint else None
            self.setup_errors[name] = add_field(form, self.tr(rule.label), widget, hint)
        setup_column.addLayout(form)
        self.create_button = QPushButton(self.tr("Set up the budget"))
        self.create_button.setAccessibleName(self.tr("Set up the budget"))
        self.create_button.clicked.connect(self._create)
        self.create_error = InlineError(self.create_button)
        button_row = QHBoxLayout()
        button_row.addWidget(self.create_button)
        button_row.addStretch(1)
        setup_column.addLayout(button_row)
        setup_column.addWidget(self.create_error)
        column.addWidget(self.setup)

        self.budget_list = QVBoxLayout()
        self.budgets: RowColumn[BudgetBox] = RowColumn(self.budget_list)
        column.addLayout(self.budget_list)
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolling(content))

    def show_record(self, record: PersonRecord) -> None:
        self.person_id = record.person.id
        budgets = record.budgets
        boxes = self.budgets.show([b.id for b in budgets], lambda i: BudgetBox(self.editor, i))
        for box, budget in zip(boxes, budgets, strict=True):
            box.show_row(budget, record.budget_lines.get(budget.id, []))
        if budgets and self.setup.isVisibleTo(self):
            self._reset_setup()
        self.setup.setVisible(not budgets)

    def _reset_setup(self) -> None:
        for name, widget in self.setup_fields.items():
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(0)
            else:
                widget.clear()
            self.setup_errors[name].clear_message()
        self.create_error.clear_message()

    def _create(self) -> None:
        if self.person_id is None:
            return
        values: dict[str, Any] = {}
        for name, widget in self.setup_fields.items():
            raw = widget.currentData() if isinstance(widget, QComboBox) else widget.text()
            try:
                fields.check("health_budget", name, raw)
            except FieldRefused as exc:
                self.setup_errors[name].show_message(str(exc))
            else:
                self.setup_errors[name].clear_message()
            values[name] = raw
        if any(error.text() for error in self.setup_errors.values()):
            return
        try:
            self.editor.add_row("health_budget", {"person_id": self.person_id, **values},
                                self.tr("budget"))  # fmt: skip
        except Refused as refused:
            self.create_error.show_message(refused.message)

    def flush(self) -> None:
        for box in self.budgets.widgets.values():
            for form in box.forms():
                form.flush()

    def clear(self) -> None:
        self.person_id = None
        self.budgets.clear()
        self._reset_setup()
        self.setup.show()

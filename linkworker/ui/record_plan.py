"""The personalised care and support plan, saved as it is typed.

Needs and concerns; the goals the person set, in their own words, each with the actions towards it
(and the follow-ups an action sets, which also appear in Today); their strengths; the contingency
plan; and with whom and when the plan was agreed and will be reviewed. An action always belongs to
a goal: it is added under one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from linkworker.store import followups
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
from linkworker.ui.widgets import InlineError

PLAN = ("status", "agreed_with", "agreed_on", "review_on", "strengths")
CONTINGENCY = ("triggers", "what_should_happen", "who_to_contact", "coping_strategies")
GOAL = ("in_own_words", "importance", "status")
ACTION_TOP = ("what", "who")
ACTION_LEFT = ("due_on", "status")
ACTION_RIGHT = ("confidence", "review_on")


class NeedRow(QWidget):
    """One need or concern, with the button that removes it."""

    def __init__(self, editor: RecordEditor, need_id: str) -> None:
        super().__init__()
        self.editor = editor
        self.need_id = need_id
        self.form = FieldForm("plan_need", ("description",), editor, text_lines=2)
        self.form.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self._remove)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.form, 1)
        row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)

    def show_row(self, need: Row) -> None:
        self.form.load(need, need.id)
        what = short(need["description"])
        self.remove_button.setAccessibleName(self.tr("Remove the need: {what}").format(what=what))

    def _remove(self) -> None:
        with contextlib.suppress(Refused):
            self.editor.remove_row("plan_need", self.need_id, self.tr("need"))


class FollowUpRow(QWidget):
    """A follow-up an action set: when it is due and what, with Done and Move."""

    def __init__(self, editor: RecordEditor, follow_up_id: str) -> None:
        super().__init__()
        self.editor = editor
        self.follow_up_id = follow_up_id
        self.label = text_label()
        self.done_button = QPushButton(self.tr("Done"))
        self.done_button.setToolTip(self.tr("Mark this follow-up done"))
        self.done_button.clicked.connect(self._done)
        self.move_to = QLineEdit()
        self.move_to.setPlaceholderText(self.tr("DD/MM/YYYY"))
        self.move_to.setMaximumWidth(self.move_to.fontMetrics().averageCharWidth() * 16)
        self.move_to.returnPressed.connect(self._move)
        self.move_button = QPushButton(self.tr("Move"))
        self.move_button.setToolTip(self.tr("Move the follow-up to the day typed beside it"))
        self.move_button.clicked.connect(self._move)
        self.error = InlineError(self.move_to)
        move_label = QLabel(self.tr("or move to"))
        move_label.setBuddy(self.move_to)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.done_button)
        row.addWidget(move_label)
        row.addWidget(self.move_to)
        row.addWidget(self.move_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.error)

    def show_row(self, follow_up: Row) -> None:
        due: dt.date = follow_up["due_on"]
        text = self.tr("Follow-up due {d}: {what}").format(d=uk(due), what=follow_up["what"])
        if due < dt.date.today():
            text = self.tr("Follow-up overdue since {d}: {what}").format(
                d=uk(due), what=follow_up["what"]
            )
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.done_button.setAccessibleName(self.tr("Mark done: {what}").format(
            what=follow_up["what"]))  # fmt: skip
        self.move_to.setAccessibleName(self.tr("Move “{what}” to").format(what=follow_up["what"]))
        self.move_button.setAccessibleName(self.tr("Move the follow-up: {what}").format(
            what=follow_up["what"]))  # fmt: skip

    def _done(self) -> None:
        try:
            self.editor.run(followups.complete, self.follow_up_id)
        except Refused as refused:
            self.error.show_message(refused.message)

    def _move(self) -> None:
        try:
            self.editor.run(followups.move, self.follow_up_id, self.move_to.text())
        except Refused as refused:
            self.error.show_message(refused.message)
            return
        self.move_to.clear()
        self.error.clear_message()


class ActionCard(QFrame):
    """One action towards a goal: what, who, by when, confidence, status, review date; its
    follow-ups, and the way to set one."""

    def __init__(self, editor: RecordEditor, action_id: str) -> None:
        super().__init__()
        self.editor = editor
        self.action_id = action_id
        self.person_id: str | None = None
        self.what = ""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.top = FieldForm("plan_action", ACTION_TOP, editor)
        self.left = FieldForm("plan_action", ACTION_LEFT, editor)
        self.right = FieldForm("plan_action", ACTION_RIGHT, editor)
        forms = QHBoxLayout()
        forms.addWidget(self.left, 1)
        forms.addWidget(self.right, 1)

        self.follow_up_list = QVBoxLayout()
        self.follow_up_list.setSpacing(2)
        self.follow_ups: RowColumn[FollowUpRow] = RowColumn(self.follow_up_list)

        self.setter = QWidget()
        self.due = QLineEdit()
        self.due.setPlaceholderText(self.tr("DD/MM/YYYY"))
        self.due.setAccessibleName(self.tr("Follow-up due"))
        self.due.setMaximumWidth(self.due.fontMetrics().averageCharWidth() * 16)
        self.follow_up_what = QLineEdit()
        self.follow_up_what.setAccessibleName(self.tr("What to follow up"))
        self.follow_up_what.setPlaceholderText(self.tr("What to follow up"))
        self.follow_up_what.returnPressed.connect(self._save_follow_up)
        self.due.returnPressed.connect(self._save_follow_up)
        self.save_follow_up = QPushButton(self.tr("Save follow-up"))
        self.save_follow_up.setAccessibleName(self.tr("Save the follow-up"))
        self.save_follow_up.clicked.connect(self._save_follow_up)
        self.cancel_follow_up = QPushButton(self.tr("Cancel"))
        self.cancel_follow_up.setAccessibleName(self.tr("Cancel the follow-up"))
        self.cancel_follow_up.clicked.connect(self._close_setter)
        self.follow_up_error = InlineError(self.due)
        setter_row = QHBoxLayout()
        setter_row.setContentsMargins(0, 0, 0, 0)
        due_label = QLabel(self.tr("Due"))
        due_label.setBuddy(self.due)
        what_label = QLabel(self.tr("What"))
        what_label.setBuddy(self.follow_up_what)
        setter_row.addWidget(due_label)
        setter_row.addWidget(self.due)
        setter_row.addWidget(what_label)
        setter_row.addWidget(self.follow_up_what, 1)
        setter_row.addWidget(self.save_follow_up)
        setter_row.addWidget(self.cancel_follow_up)
        setter_column = QVBoxLayout(self.setter)
        setter_column.setContentsMargins(0, 0, 0, 0)
        setter_column.setSpacing(2)
        setter_column.addLayout(setter_row)
        setter_column.addWidget(self.follow_up_error)
        self.setter.hide()

        self.set_follow_up_button = QPushButton(self.tr("Set follow-up…"))
        self.set_follow_up_button.setToolTip(self.tr(
            "Something to do by a date for this action; it appears in Today"))  # fmt: skip
        self.set_follow_up_button.clicked.connect(self._open_setter)
        self.remove_button = QPushButton(self.tr("Remove action"))
        self.remove_button.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.set_follow_up_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)

        column = QVBoxLayout(self)
        column.addWidget(self.top)
        column.addLayout(forms)
        column.addLayout(self.follow_up_list)
        column.addWidget(self.setter)
        column.addLayout(buttons)

    def show_row(self, action: Row, follow_ups: list[Row], person_id: str) -> None:
        self.person_id = person_id
        self.what = action["what"] or ""
        for form in self.forms():
            form.load(action, action.id)
        self.setAccessibleName(self.tr("Action: {what}").format(what=self.what))
        self.set_follow_up_button.setAccessibleName(
            self.tr("Set a follow-up for the action: {what}").format(what=self.what)
        )
        self.remove_button.setAccessibleName(
            self.tr("Remove the action: {what}").format(what=self.what)
        )
        for row, follow_up in zip(
            self.follow_ups.show([f.id for f in follow_ups], lambda i: FollowUpRow(self.editor, i)),
            follow_ups,
            strict=True,
        ):
            row.show_row(follow_up)

    def forms(self) -> list[FieldForm]:
        return [self.top, self.left, self.right]

    def _open_setter(self) -> None:
        if not self.follow_up_what.text():
            self.follow_up_what.setText(self.what)
        self.setter.show()
        self.set_follow_up_button.hide()
        self.due.setFocus()

    def _close_setter(self) -> None:
        self.setter.hide()
        self.set_follow_up_button.show()
        self.due.clear()
        self.follow_up_what.clear()
        self.follow_up_error.clear_message()

    def _save_follow_up(self) -> None:
        try:
            self.editor.run(followups.add_follow_up, self.person_id, self.due.text(),
                            self.follow_up_what.text(), "plan_action", self.action_id)  # fmt: skip
        except Refused as refused:
            self.follow_up_error.show_message(refused.message)
            return
        self._close_setter()

    def _remove(self) -> None:
        with contextlib.suppress(Refused):
            self.editor.remove_row("plan_action", self.action_id, self.tr("action"))


class GoalBox(QGroupBox):
    """One goal, in the person's words: how important it is, its status, the need it answers,
    and the actions towards it."""

    def __init__(self, editor: RecordEditor, goal_id: str) -> None:
        super().__init__()
        self.editor = editor
        self.goal_id = goal_id
        self.form = FieldForm("plan_goal", GOAL, editor, text_lines=2)
        self.need = QComboBox()
        self.need.setAccessibleName(self.tr("The need this goal answers"))
        self.need.activated.connect(self._need_chosen)
        need_label = QLabel(self.tr("For need"))
        need_label.setBuddy(self.need)
        self.form.form.addRow(need_label, self.need)
        self._need_items: list[tuple[str, str | None]] = []

        self.remove_button = QPushButton(self.tr("Remove goal"))
        self.remove_button.clicked.connect(self._remove)
        top = QHBoxLayout()
        top.addWidget(self.form, 1)
        top.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)

        self.actions_heading = text_label(self.tr("Actions"), bold=True)
        self.action_list = QVBoxLayout()
        self.action_cards: RowColumn[ActionCard] = RowColumn(self.action_list)
        self.no_actions = text_label(self.tr("No actions yet: what is the first step?"), muted=True)
        self.add_action = AddLine(
            self.tr("A new action, for example: ring the walking group"),
            self.tr("Add action"),
            self._add_action,
        )
        actions = QVBoxLayout()
        actions.setContentsMargins(24, 0, 0, 0)  # the actions sit under their goal
        actions.addWidget(self.actions_heading)
        actions.addLayout(self.action_list)
        actions.addWidget(self.no_actions)
        actions.addWidget(self.add_action)

        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addLayout(actions)

    def show_row(self, number: int, goal: Row, record: PersonRecord) -> None:
        title = self.tr("Goal {n}").format(n=number)
        self.setTitle(title)
        self.setAccessibleName(title)
        self.form.load(goal, goal.id)
        self._show_needs(goal, record.needs)
        self.remove_button.setAccessibleName(self.tr("Remove goal {n}").format(n=number))
        self.add_action.button.setAccessibleName(self.tr("Add an action to goal {n}").format(
            n=number))  # fmt: skip
        self.add_action.edit.setAccessibleName(self.tr("A new action for goal {n}").format(
            n=number))  # fmt: skip
        actions = record.actions.get(goal.id, [])
        cards = self.action_cards.show(
            [a.id for a in actions], lambda i: ActionCard(self.editor, i)
        )
        for card, action in zip(cards, actions, strict=True):
            mine = [f for f in record.follow_ups if f["source_id"] == action.id]
            card.show_row(action, mine, record.person.id)
        self.no_actions.setVisible(not actions)

    def _show_needs(self, goal: Row, needs: list[Row]) -> None:
        items: list[tuple[str, str | None]] = [(self.tr("(none)"), None)]
        items += [(short(n["description"]) or self.tr("(a need not yet described)"), n.id)
                  for n in needs]  # fmt: skip
        if items != self._need_items:
            self.need.blockSignals(True)
            self.need.clear()
            for text, need_id in items:
                self.need.addItem(text, need_id)
            self.need.blockSignals(False)
            self._need_items = items
        self.need.setCurrentIndex(max(self.need.findData(goal["need_id"]), 0))

    def forms(self) -> list[FieldForm]:
        return [self.form] + [
            f for card in self.action_cards.widgets.values() for f in card.forms()
        ]

    def _need_chosen(self, _index: int) -> None:
        with contextlib.suppress(Refused):
            self.editor.set_link("plan_goal", self.goal_id, "need_id", self.need.currentData(),
                                 self.tr("the need a goal answers"))  # fmt: skip

    def _add_action(self, what: str) -> None:
        self.editor.add_row("plan_action", {"goal_id": self.goal_id, "what": what,
                                            "status": "to do"}, self.tr("action"))  # fmt: skip

    def _remove(self) -> None:
        with contextlib.suppress(Refused):
            self.editor.remove_row("plan_goal", self.goal_id, self.tr("goal"))


class PlanTab(QWidget):
    def __init__(self, editor: RecordEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.person_id: str | None = None
        self.plan_id: str | None = None
        self.contingency_id: str | None = None

        # No plan yet: what a plan is, and the button that starts one.
        self.start = QWidget()
        start_column = QVBoxLayout(self.start)
        start_column.addWidget(text_label(self.tr(
            "There is no plan yet. A personalised care and support plan sets out what matters "
            "to the person: their needs and concerns, the goals they choose in their own words, "
            "the steps towards each goal, and what to do if things get hard."
        )))  # fmt: skip
        self.start_button = QPushButton(self.tr("Start a plan"))
        self.start_button.setAccessibleName(self.tr("Start a plan"))
        self.start_button.clicked.connect(self._start)
        start_row = QHBoxLayout()
        start_row.addWidget(self.start_button)
        start_row.addStretch(1)
        start_column.addLayout(start_row)
        start_column.addStretch(1)

        # The plan: its own facts, needs and the contingency plan on the left; goals on the right.
        left = QWidget()
        left_column = QVBoxLayout(left)
        box, column = section(self.tr("The plan"))
        self.plan_form = FieldForm("care_plan", PLAN, editor, text_lines=3)
        column.addWidget(self.plan_form)
        left_column.addWidget(box)

        box, column = section(self.tr("Needs and concerns"))
        self.need_list = QVBoxLayout()
        self.needs: RowColumn[NeedRow] = RowColumn(self.need_list)
        self.no_needs = text_label(self.tr("No needs or concerns written yet."), muted=True)
        self.add_need = AddLine(
            self.tr("A need or concern, in the person's words"), self.tr("Add need"), self._add_need
        )
        column.addLayout(self.need_list)
        column.addWidget(self.no_needs)
        column.addWidget(self.add_need)
        left_column.addWidget(box)

        box, column = section(self.tr("Contingency plan"))
        column.addWidget(text_label(self.tr(
            "If things get hard: what to look out for, and what to do."), muted=True))  # fmt: skip
        self.contingency_form = FieldForm("contingency_plan", CONTINGENCY, editor, text_lines=3)
        self.contingency_form.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        column.addWidget(self.contingency_form)
        left_column.addWidget(box)
        left_column.addStretch(1)

        right = QWidget()
        right_column = QVBoxLayout(right)
        box, column = section(self.tr("Goals and actions"))
        intro = self.tr("Goals in the person's own words, each with the steps towards it.")
        column.addWidget(text_label(intro, muted=True))
        self.goal_list = QVBoxLayout()
        self.goals: RowColumn[GoalBox] = RowColumn(self.goal_list)
        column.addLayout(self.goal_list)
        self.no_goals = QWidget()
        no_goals_row = QHBoxLayout(self.no_goals)
        no_goals_row.setContentsMargins(0, 0, 0, 0)
        why = self.tr("An action needs a goal: add the goal first, then its actions.")
        self.no_goals_label = text_label(self.tr("No goals yet.") + " " + why, muted=True)
        self.no_goal_action = QPushButton(self.tr("Add action"))
        self.no_goal_action.setAccessibleName(self.tr("Add action (needs a goal first)"))
        self.no_goal_action.setToolTip(why)
        self.no_goal_action.setEnabled(False)
        no_goals_row.addWidget(self.no_goals_label, 1)
        no_goals_row.addWidget(self.no_goal_action, 0, Qt.AlignmentFlag.AlignTop)
        column.addWidget(self.no_goals)
        self.add_goal = AddLine(
            self.tr("A new goal, in the person's words"), self.tr("Add goal"), self._add_goal
        )
        column.addWidget(self.add_goal)
        right_column.addWidget(box)
        right_column.addStretch(1)

        self.plan_view = QWidget()
        row = QHBoxLayout(self.plan_view)
        row.setContentsMargins(0, 0, 0, 0)
        left_area = scrolling(left)
        left_area.setMinimumWidth(left.fontMetrics().averageCharWidth() * 56)  # room to write in
        row.addWidget(left_area, 1)
        row.addWidget(scrolling(right), 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.start)
        layout.addWidget(self.plan_view)
        self.plan_view.hide()

    # -- showing --------------------------------------------------------------------------------

    def show_record(self, record: PersonRecord) -> None:
        self.person_id = record.person.id
        plan = record.plan
        self.start.setVisible(plan is None)
        self.plan_view.setVisible(plan is not None)
        if plan is None:
            self._forget()
            return
        self.plan_id = plan.id
        self.plan_form.load(plan, plan.id)
        contingency = record.contingency
        self.contingency_id = contingency.id if contingency is not None else None
        self.contingency_form.load(contingency, self.contingency_id, self._create_contingency)

        rows = self.needs.show([n.id for n in record.needs], lambda i: NeedRow(self.editor, i))
        for need_row, need in zip(rows, record.needs, strict=True):
            need_row.show_row(need)
        self.no_needs.setVisible(not record.needs)

        boxes = self.goals.show([g.id for g in record.goals], lambda i: GoalBox(self.editor, i))
        for number, (box, goal) in enumerate(zip(boxes, record.goals, strict=True), start=1):
            box.show_row(number, goal, record)
        self.no_goals.setVisible(not record.goals)

    def _forget(self) -> None:
        self.plan_id = None
        self.contingency_id = None
        self.needs.clear()
        self.goals.clear()
        self.plan_form.load(None, None)
        self.contingency_form.load(None, None)

    def forms(self) -> list[FieldForm]:
        forms = [self.plan_form, self.contingency_form]
        forms += [need.form for need in self.needs.widgets.values()]
        for goal in self.goals.widgets.values():
            forms += goal.forms()
        return forms

    def flush(self) -> None:
        for form in self.forms():
            form.flush()

    def clear(self) -> None:
        self.person_id = None
        self._forget()
        self.start.show()
        self.plan_view.hide()

    # -- acting ---------------------------------------------------------------------------------

    def _start(self) -> None:
        if self.person_id is None:
            return
        with contextlib.suppress(Refused):
            self.editor.add_row("care_plan", {"person_id": self.person_id, "status": "draft"},
                                self.tr("plan"))  # fmt: skip

    def _add_need(self, text: str) -> None:
        self.editor.add_row("plan_need", {"plan_id": self.plan_id, "description": text},
                            self.tr("need"))  # fmt: skip

    def _add_goal(self, text: str) -> None:
        self.editor.add_row("plan_goal", {"plan_id": self.plan_id, "in_own_words": text,
                                          "status": "not started"}, self.tr("goal"))  # fmt: skip

    def _create_contingency(self, field: str, value: Any) -> str | None:
        if self.contingency_id is not None:  # made a moment ago by another of its fields
            self.editor.set_field("contingency_plan", self.contingency_id, field, value,
                                  self.tr("contingency plan"))  # fmt: skip
            return self.contingency_id
        if self.plan_id is None:
            return None
        from linkworker.store.edits import ensure_row

        self.contingency_id = self.editor.run(ensure_row, "contingency_plan", self.plan_id)
        self.editor.set_field("contingency_plan", self.contingency_id, field, value,
                              self.tr("contingency plan"))  # fmt: skip
        return self.contingency_id

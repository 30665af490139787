"""The Plan, Decisions and Budget tabs of a person's record, driven as a link worker would: typing,
clicking, reading what the tab says, and each result checked in the encrypted database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlmodel import select

from linkworker.care.person import NewPerson
from linkworker.store import caseload, edits, followups, record
from linkworker.store.database import Database
from linkworker.store.people import add_person
from linkworker.store.tables import (
    BudgetLine,
    CarePlan,
    ContingencyPlan,
    DecisionOption,
    FollowUp,
    HealthBudget,
    PlanAction,
    PlanGoal,
    PlanNeed,
    SharedDecision,
)
from linkworker.ui.errors import Notifier
from linkworker.ui.record_budget import BudgetTab
from linkworker.ui.record_decisions import DecisionsTab
from linkworker.ui.record_edits import RecordEditor, Refused
from linkworker.ui.record_page import RecordPage
from linkworker.ui.record_plan import PlanTab
from tests.ui.conftest import click, type_text, visible_text, wait_active

TODAY = dt.date.today()


def uk(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


class Opened:
    """A person's record open on a page, as the main window holds it (the editor first)."""

    def __init__(self, qtbot: QtBot, db: Database, notifier: Notifier) -> None:
        self.qtbot = qtbot
        self.db = db
        self.holder = QWidget()
        self.editor = RecordEditor(lambda: db, notifier, self.holder)
        self.page = RecordPage(self.editor, lambda pid: record.read_record(db, pid))
        QVBoxLayout(self.holder).addWidget(self.page)
        qtbot.addWidget(self.holder)
        self.person_id = add_person(db, NewPerson(given_name="Maureen", family_name="Ashworth"))
        self.holder.resize(1300, 900)
        self.holder.show()
        self.page.show_record(record.open_record(db, self.person_id))
        wait_active(qtbot, self.holder)

    @property
    def plan(self) -> PlanTab:
        self.page.tabs.setCurrentWidget(self.page.plan)
        return self.page.plan

    @property
    def decisions(self) -> DecisionsTab:
        self.page.tabs.setCurrentWidget(self.page.decisions)
        return self.page.decisions

    @property
    def budget(self) -> BudgetTab:
        self.page.tabs.setCurrentWidget(self.page.budget)
        return self.page.budget

    def reopen(self) -> None:
        self.page.show_record(record.read_record(self.db, self.person_id))

    def rows(self, table: Any) -> list[Any]:
        with self.db.reading() as s:
            return list(s.exec(select(table).where(table.deleted_at.is_(None))).all())

    def one(self, table: Any) -> Any:
        rows = self.rows(table)
        assert len(rows) == 1, rows
        return rows[0]


@pytest.fixture
def opened(qtbot: QtBot, db: Database, notifier: Notifier) -> Iterator[Opened]:
    yield Opened(qtbot, db, notifier)


def press(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a button once it is on screen (a row just added is shown as events are handled)."""
    qtbot.waitUntil(button.isVisible)
    click(qtbot, button)


def enter(qtbot: QtBot, field: Any, text: str) -> None:
    """Type into a line and press Enter (a line is saved on Enter or on leaving it)."""
    qtbot.waitUntil(field.isVisible)
    type_text(qtbot, field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def write(qtbot: QtBot, box: QWidget, text: str) -> None:
    """Type into a box of text and leave it with Tab (a box is saved on leaving it)."""
    assert isinstance(box, QPlainTextEdit)
    qtbot.waitUntil(box.isVisible)
    qtbot.mouseClick(box.viewport(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(box.hasFocus)
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Tab)


def choose(combo: QComboBox, text: str) -> None:
    """Pick an entry in a list of choices, as a click on it does."""
    index = combo.findText(text)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def add_plan_with_goal(opened: Opened) -> tuple[str, str, str]:
    """A plan with one goal and one action, written through the store; returns their ids."""
    db = opened.db
    plan = edits.add_row(db, "care_plan", {"person_id": opened.person_id, "status": "agreed"})
    goal = edits.add_row(db, "plan_goal", {"plan_id": plan, "in_own_words": "Cook proper meals",
                                           "status": "in progress"})  # fmt: skip
    action = edits.add_row(db, "plan_action", {"goal_id": goal, "what": "Go to the cook-and-eat "
                                               "course", "status": "doing"})  # fmt: skip
    opened.reopen()
    return plan, goal, action


# -- Plan ---------------------------------------------------------------------------------------


def test_a_plan_is_started_then_a_goal_gets_an_action_and_a_follow_up_that_reaches_today(
    qtbot: QtBot, opened: Opened
) -> None:
    tab = opened.plan
    assert "There is no plan yet" in visible_text(tab)
    press(qtbot, tab.start_button)
    qtbot.waitUntil(tab.plan_view.isVisible)
    plan = opened.one(CarePlan)
    assert plan.person_id == opened.person_id and plan.status == "draft"

    type_text(qtbot, tab.add_need.edit, "Money worries")
    press(qtbot, tab.add_need.button)
    qtbot.waitUntil(lambda: len(tab.needs.widgets) == 1)
    need = opened.one(PlanNeed)
    assert need.description == "Money worries" and need.plan_id == plan.id
    assert tab.add_need.edit.text() == ""

    type_text(qtbot, tab.add_goal.edit, "I want to stop worrying about the gas bill")
    qtbot.keyClick(tab.add_goal.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(tab.goals.widgets) == 1)
    goal = opened.one(PlanGoal)
    assert goal.in_own_words == "I want to stop worrying about the gas bill"
    assert goal.status == "not started"
    box = tab.goals.widgets[goal.id]
    assert box.title() == "Goal 1"
    assert "0 = not at all, 10 = extremely" in visible_text(box)  # importance, with its scale

    enter(qtbot, box.form.editors["importance"], "11")
    assert box.form.message("importance") == "Importance runs from 0 to 10; 11 is outside that."
    assert opened.one(PlanGoal).importance is None
    enter(qtbot, box.form.editors["importance"], "8")
    qtbot.waitUntil(lambda: opened.one(PlanGoal).importance == 8)
    assert box.form.message("importance") == ""

    choose(box.need, "Money worries")
    qtbot.waitUntil(lambda: opened.one(PlanGoal).need_id == need.id)

    type_text(qtbot, box.add_action.edit, "Book the benefits check")
    press(qtbot, box.add_action.button)
    qtbot.waitUntil(lambda: len(box.action_cards.widgets) == 1)
    action = opened.one(PlanAction)
    assert action.goal_id == goal.id and action.what == "Book the benefits check"
    assert action.status == "to do"
    card = box.action_cards.widgets[action.id]
    enter(qtbot, card.right.editors["confidence"], "6")
    enter(qtbot, card.top.editors["who"], "Me, with the link worker")
    qtbot.waitUntil(lambda: opened.one(PlanAction).confidence == 6)
    assert opened.one(PlanAction).who == "Me, with the link worker"

    press(qtbot, card.set_follow_up_button)
    assert card.follow_up_what.text() == "Book the benefits check"  # the action's words to start
    type_text(qtbot, card.follow_up_what, "Ask how the benefits check went")
    press(qtbot, card.save_follow_up)
    assert card.follow_up_error.text() == "Due is needed."
    assert opened.rows(FollowUp) == []
    type_text(qtbot, card.due, uk(TODAY))
    press(qtbot, card.save_follow_up)
    qtbot.waitUntil(lambda: len(card.follow_ups.widgets) == 1)
    follow_up = opened.one(FollowUp)
    assert (follow_up.due_on, follow_up.what) == (TODAY, "Ask how the benefits check went")
    assert (follow_up.source_entity, follow_up.source_id) == ("plan_action", action.id)
    assert follow_up.person_id == opened.person_id
    shown = f"Follow-up due {uk(TODAY)}: Ask how the benefits check went"
    qtbot.waitUntil(lambda: shown in visible_text(card))
    assert not card.setter.isVisible()

    due = caseload.today(opened.db).follow_ups
    assert [(i.person_id, i.what) for i in due] == [
        (opened.person_id, "Ask how the benefits check went")
    ]


def test_a_follow_up_set_by_an_action_is_moved_then_done(qtbot: QtBot, opened: Opened) -> None:
    _plan, goal, action = add_plan_with_goal(opened)
    last_week = TODAY - dt.timedelta(days=7)
    follow_up = followups.add_follow_up(opened.db, opened.person_id, last_week, "Ring Maureen",
                                        "plan_action", action)  # fmt: skip
    opened.reopen()
    card = opened.plan.goals.widgets[goal].action_cards.widgets[action]
    row = card.follow_ups.widgets[follow_up]
    assert row.label.text() == f"Follow-up overdue since {uk(last_week)}: Ring Maureen"

    type_text(qtbot, row.move_to, "31/02/2030")
    press(qtbot, row.move_button)
    assert row.error.text() == "There is no such date: check the day and month."
    next_week = TODAY + dt.timedelta(days=7)
    type_text(qtbot, row.move_to, uk(next_week))
    press(qtbot, row.move_button)
    qtbot.waitUntil(lambda: opened.one(FollowUp).due_on == next_week)
    qtbot.waitUntil(lambda: row.label.text() == f"Follow-up due {uk(next_week)}: Ring Maureen")

    press(qtbot, row.done_button)
    qtbot.waitUntil(lambda: not card.follow_ups.widgets)
    with opened.db.reading() as s:
        done = s.get(FollowUp, follow_up)
        assert done is not None and done.done_at is not None
    assert caseload.today(opened.db).follow_ups == []


def test_an_action_with_no_goal_is_refused_with_a_clear_message(
    qtbot: QtBot, opened: Opened
) -> None:
    edits.add_row(opened.db, "care_plan", {"person_id": opened.person_id, "status": "draft"})
    opened.reopen()
    tab = opened.plan
    why = "An action needs a goal: add the goal first, then its actions."
    # With no goal, the only Add action there is cannot be pressed, and says why.
    assert tab.no_goals.isVisible()
    assert not tab.no_goal_action.isEnabled()
    assert tab.no_goal_action.toolTip() == why
    assert why in visible_text(tab)

    # Asked all the same, the store refuses it and the page says so.
    with pytest.raises(Refused):
        opened.editor.add_row("plan_action", {"what": "Ring the group", "status": "to do"},
                              "action")  # fmt: skip
    assert opened.page.message.isVisible() and opened.page.message.text() == why
    assert opened.rows(PlanAction) == []
    assert opened.editor.stack.count() == 0

    # An action added under a goal removed meanwhile (on another laptop, say) is refused too.
    values = {"plan_id": opened.one(CarePlan).id, "in_own_words": "Walk", "status": "not started"}
    goal = edits.add_row(opened.db, "plan_goal", values)
    opened.reopen()
    box = tab.goals.widgets[goal]
    edits.remove_row(opened.db, "plan_goal", goal)
    type_text(qtbot, box.add_action.edit, "Buy boots")
    press(qtbot, box.add_action.button)
    assert box.add_action.error.text() == why
    assert box.add_action.edit.text() == "Buy boots"  # kept, to be put right
    assert opened.rows(PlanAction) == []


def test_words_being_typed_in_a_goal_survive_a_save_elsewhere(qtbot: QtBot, opened: Opened) -> None:
    _plan, goal, _action = add_plan_with_goal(opened)
    tab = opened.plan
    box = tab.goals.widgets[goal]
    words = box.form.editors["in_own_words"]
    assert isinstance(words, QPlainTextEdit)
    qtbot.mouseClick(words.viewport(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(words.hasFocus)
    words.moveCursor(words.textCursor().MoveOperation.End)
    qtbot.keyClicks(words, " for the family")

    # Something else is saved (the record is read again and every tab shown afresh).
    opened.editor.set_field("care_plan", opened.one(CarePlan).id, "agreed_with", "Maureen",
                            "agreed with")  # fmt: skip
    qtbot.waitUntil(lambda: tab.plan_form.value_shown("agreed_with") == "Maureen")
    assert tab.goals.widgets[goal] is box  # the same goal, not built again
    assert words.hasFocus()
    assert words.toPlainText() == "Cook proper meals for the family"

    qtbot.keyClick(words, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: opened.one(PlanGoal).in_own_words == "Cook proper meals for the family")


def test_a_goal_removed_comes_back_with_undo(qtbot: QtBot, opened: Opened) -> None:
    _plan, goal, action = add_plan_with_goal(opened)
    tab = opened.plan
    press(qtbot, tab.goals.widgets[goal].remove_button)
    qtbot.waitUntil(lambda: not tab.goals.widgets)
    assert opened.rows(PlanGoal) == []
    assert tab.no_goals.isVisible()
    assert opened.page.undo_button.toolTip() == "Remove goal"

    press(qtbot, opened.page.undo_button)
    qtbot.waitUntil(lambda: goal in tab.goals.widgets)
    assert opened.one(PlanGoal).id == goal
    assert action in tab.goals.widgets[goal].action_cards.widgets  # with its action


def test_needs_are_added_and_removed(qtbot: QtBot, opened: Opened) -> None:
    add_plan_with_goal(opened)
    tab = opened.plan
    assert "No needs or concerns written yet." in visible_text(tab)
    press(qtbot, tab.add_need.button)
    assert tab.add_need.error.text() == "Need or concern is needed."
    for words in ("Lonely since the winter", "Money worries"):
        type_text(qtbot, tab.add_need.edit, words)
        press(qtbot, tab.add_need.button)
    qtbot.waitUntil(lambda: len(tab.needs.widgets) == 2)
    first = next(iter(tab.needs.widgets.values()))
    assert first.form.value_shown("description") == "Lonely since the winter"
    press(qtbot, first.remove_button)
    qtbot.waitUntil(lambda: len(tab.needs.widgets) == 1)
    assert [n.description for n in opened.rows(PlanNeed)] == ["Money worries"]


def test_the_contingency_plan_is_made_by_its_first_field(qtbot: QtBot, opened: Opened) -> None:
    plan, _goal, _action = add_plan_with_goal(opened)
    form = opened.plan.contingency_form
    write(qtbot, form.editors["triggers"], "Not answering the phone for days")
    qtbot.waitUntil(lambda: len(opened.rows(ContingencyPlan)) == 1)
    write(qtbot, form.editors["who_to_contact"], "Her daughter Sue")
    qtbot.waitUntil(lambda: opened.one(ContingencyPlan).who_to_contact == "Her daughter Sue")
    contingency = opened.one(ContingencyPlan)
    assert contingency.plan_id == plan
    assert contingency.triggers == "Not answering the phone for days"


def test_the_plans_own_fields_are_saved(qtbot: QtBot, opened: Opened) -> None:
    add_plan_with_goal(opened)
    form = opened.plan.plan_form
    enter(qtbot, form.editors["review_on"], uk(TODAY + dt.timedelta(days=84)))
    enter(qtbot, form.editors["agreed_on"], uk(TODAY + dt.timedelta(days=1)))
    assert form.message("agreed_on") == "Agreed on cannot be in the future."
    write(qtbot, form.editors["strengths"], "Knows everyone on the estate")
    qtbot.waitUntil(lambda: opened.one(CarePlan).strengths == "Knows everyone on the estate")
    plan = opened.one(CarePlan)
    assert plan.review_on == TODAY + dt.timedelta(days=84) and plan.agreed_on is None


# -- Decisions ----------------------------------------------------------------------------------


def test_a_new_decision_offers_doing_nothing_and_records_the_choice(
    qtbot: QtBot, opened: Opened
) -> None:
    tab = opened.decisions
    assert "No shared decisions recorded yet." in visible_text(tab)
    type_text(qtbot, tab.new_decision.edit, "Whether to join the walking group")
    press(qtbot, tab.new_decision.button)
    qtbot.waitUntil(lambda: len(tab.decisions.widgets) == 1)
    decision = opened.one(SharedDecision)
    assert decision.question == "Whether to join the walking group"
    nothing = opened.one(DecisionOption)
    assert (nothing.title, nothing.is_doing_nothing) == ("Do nothing for now", True)
    box = tab.decisions.widgets[decision.id]
    nothing_card = box.options.widgets[nothing.id]
    assert not nothing_card.remove_button.isEnabled()
    assert "Doing nothing is always one of the options" in nothing_card.remove_button.toolTip()

    type_text(qtbot, box.add_option.edit, "Tuesday walking group")
    press(qtbot, box.add_option.button)
    qtbot.waitUntil(lambda: len(box.options.widgets) == 2)
    walk = next(o for o in opened.rows(DecisionOption) if not o.is_doing_nothing)
    card = box.options.widgets[walk.id]
    assert card.remove_button.isEnabled()
    write(qtbot, card.form.editors["benefits"], "Outdoors; meets the neighbours")
    write(qtbot, box.question.editors["what_matters_most"], "Not overdoing it with her knee")
    qtbot.waitUntil(lambda: opened.one(SharedDecision).what_matters_most is not None)
    with opened.db.reading() as s:
        saved = s.get(DecisionOption, walk.id)
        assert saved is not None and saved.benefits == "Outdoors; meets the neighbours"

    choose(box.chosen, "Tuesday walking group")
    qtbot.waitUntil(lambda: opened.one(SharedDecision).chosen_option_id == walk.id)
    qtbot.waitUntil(lambda: card.chosen.text() == "✓ The option chosen")
    assert nothing_card.chosen.text() == ""
    enter(qtbot, box.choice.editors["decided_on"], uk(TODAY))
    qtbot.waitUntil(lambda: opened.one(SharedDecision).decided_on == TODAY)
    qtbot.waitUntil(lambda: box.title() == f"Decision made {uk(TODAY)}")


def test_a_new_decision_is_one_step_to_undo_and_a_blank_one_is_refused(
    qtbot: QtBot, opened: Opened
) -> None:
    tab = opened.decisions
    press(qtbot, tab.new_decision.button)
    assert tab.new_decision.error.text() == "The decision to make is needed."
    assert opened.rows(SharedDecision) == [] and opened.editor.stack.count() == 0

    type_text(qtbot, tab.new_decision.edit, "Which course to try")
    qtbot.keyClick(tab.new_decision.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(tab.decisions.widgets) == 1)
    assert len(opened.rows(DecisionOption)) == 1
    assert opened.page.undo_button.toolTip() == "Add decision"
    press(qtbot, opened.page.undo_button)
    qtbot.waitUntil(lambda: not tab.decisions.widgets)
    assert opened.rows(SharedDecision) == [] and opened.rows(DecisionOption) == []


# -- Budget -------------------------------------------------------------------------------------


def test_a_budget_is_set_up_and_its_lines_kept_against_the_amount(
    qtbot: QtBot, opened: Opened
) -> None:
    tab = opened.budget
    assert tab.setup.isVisible()
    press(qtbot, tab.create_button)
    assert {name: error.text() for name, error in tab.setup_errors.items()} == {
        "eligibility_basis": "Eligible through is needed.",
        "amount_pence": "Amount is needed.",
        "period": "Period is needed.",
        "managed_as": "Managed as is needed.",
    }
    assert opened.rows(HealthBudget) == []

    fields = tab.setup_fields
    eligibility, amount, period, managed = (fields[n] for n in tab.setup_fields)
    assert isinstance(eligibility, QComboBox) and isinstance(period, QComboBox)
    assert isinstance(managed, QComboBox) and isinstance(amount, QLineEdit)
    choose(eligibility, "NHS continuing healthcare")
    type_text(qtbot, amount, "six hundred")
    choose(period, "Per month")
    choose(managed, "Direct payment")
    press(qtbot, tab.create_button)
    assert tab.setup_errors["amount_pence"].text() == (
        "Amount: enter an amount in pounds, for example 120.50."
    )
    assert tab.setup_errors["period"].text() == ""
    type_text(qtbot, amount, "600")
    press(qtbot, tab.create_button)
    qtbot.waitUntil(lambda: len(tab.budgets.widgets) == 1)
    budget = opened.one(HealthBudget)
    assert (budget.eligibility_basis, budget.amount_pence, budget.period, budget.managed_as) == (
        "NHS continuing healthcare", 60000, "per month", "direct payment"
    )  # fmt: skip
    assert not tab.setup.isVisible()
    box = tab.budgets.widgets[budget.id]
    assert box.total.text() == "Planned: £0.00 of £600.00 per month (£600.00 left)"

    type_text(qtbot, box.new_item, "Personal assistant, 6 hours a week")
    type_text(qtbot, box.new_cost, "lots")
    press(qtbot, box.add_button)
    assert box.add_error.text() == "Cost: enter an amount in pounds, for example 120.50."
    type_text(qtbot, box.new_cost, "420")
    press(qtbot, box.add_button)
    qtbot.waitUntil(lambda: len(box.lines.widgets) == 1)
    assert box.total.text() == "Planned: £420.00 of £600.00 per month (£180.00 left)"
    assert not box.over_icon.isVisible()

    type_text(qtbot, box.new_item, "Taxi to the pool")
    type_text(qtbot, box.new_cost, "200.50")
    qtbot.keyClick(box.new_cost, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(box.lines.widgets) == 2)
    assert box.total.text() == (
        "Planned: £620.50 of £600.00 per month. That is £20.50 over the budget: take a line "
        "out, or change the amount."
    )
    assert box.over_icon.isVisible()
    assert sorted(li.cost_pence for li in opened.rows(BudgetLine)) == [20050, 42000]

    taxi = next(li for li in opened.rows(BudgetLine) if li.item == "Taxi to the pool")
    line = box.lines.widgets[taxi.id]
    enter(qtbot, line.cost.editors["cost_pence"], "150")
    qtbot.waitUntil(lambda: box.total.text().startswith("Planned: £570.00 of £600.00"))
    assert not box.over_icon.isVisible()
    press(qtbot, line.remove_button)
    qtbot.waitUntil(lambda: len(box.lines.widgets) == 1)
    assert box.total.text() == "Planned: £420.00 of £600.00 per month (£180.00 left)"

    enter(qtbot, box.form.editors["amount_pence"], "400")
    qtbot.waitUntil(lambda: opened.one(HealthBudget).amount_pence == 40000)
    qtbot.waitUntil(lambda: box.total.text().startswith("Planned: £420.00 of £400.00 per month."))
    assert box.over_icon.isVisible()

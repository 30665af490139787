"""A link worker's referral from start to end, through the real widgets, each step checked in
the encrypted database: the referral taken for someone new (after two typing mistakes), moved
through contacted and engaged, About Me written (and an edit undone and redone), a goal with an
action and a follow-up, ONS4 at baseline and follow-up (an answer of 11 refused), a contact note
signed and corrected by an addendum, the follow-up seen in Today, and the referral closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlmodel import select

from linkworker.store.capture import AppendOnlyViolation
from linkworker.store.database import Database
from linkworker.store.tables import (
    AboutMe,
    AuditEvent,
    Consent,
    Encounter,
    FollowUp,
    OutcomeMeasure,
    Person,
    PlanAction,
    PlanGoal,
    Referral,
)
from linkworker.ui.main_window import MainWindow
from linkworker.ui.referral_dialog import ReferralDialog
from tests.ui.conftest import click, type_text, wait_active

TODAY = dt.date.today()


def db_of(window: MainWindow) -> Database:
    assert window.database is not None
    return window.database


def button(qtbot: QtBot, widget: QWidget, text: str) -> QPushButton:
    """The one visible button with this text (widgets built anew are shown a moment later)."""

    def shown() -> list[QPushButton]:
        alive = [b for b in widget.findChildren(QPushButton) if shiboken6.isValid(b)]
        return [b for b in alive if b.text() == text and b.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1)
    return shown()[0]


def press(qtbot: QtBot, target: QPushButton) -> None:
    """Click a button built a moment ago, once it is on screen (new widgets show a moment
    after they are added)."""
    qtbot.waitUntil(lambda: target.isVisible() and target.isEnabled())
    click(qtbot, target)


@pytest.fixture
def referral_dialog(qtbot: QtBot, window: MainWindow) -> Iterator[ReferralDialog]:
    click(qtbot, window.caseload.new_referral_button)
    dialog = window.referral_dialog
    assert isinstance(dialog, ReferralDialog)
    qtbot.waitExposed(dialog)
    yield dialog


def take_referral_for_ann(qtbot: QtBot, window: MainWindow, dialog: ReferralDialog) -> None:
    """Mistakes first (told under each field, nothing saved), then put right and taken."""
    type_text(qtbot, dialog.fields["nhs_number"], "943 476 5918")
    type_text(qtbot, dialog.fields["given_name"], "Ann")
    type_text(qtbot, dialog.fields["family_name"], "Hale")
    tomorrow = (TODAY + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    type_text(qtbot, dialog.fields["date_of_birth"], tomorrow)
    click(qtbot, dialog.save_button)
    errors = {n: e.text() for n, e in dialog.errors.items() if e.isVisible()}
    assert "not a valid NHS number" in errors["nhs_number"]
    assert errors["date_of_birth"] == "The date of birth cannot be in the future."
    assert dialog.referral_errors["source"].isVisible(), "the referral's source is needed"
    assert dialog.referral_errors["reasons"].text() == (
        "Choose at least one reason for the referral."
    )
    assert "Nothing has been saved yet" in dialog.form_error.text()
    with db_of(window).reading() as s:
        assert s.exec(select(Person)).all() == []

    type_text(qtbot, dialog.fields["nhs_number"], "943 476 5919")
    type_text(qtbot, dialog.fields["date_of_birth"], "02/01/1950")
    dialog.search()
    assert dialog.match_intro.text() == "No one on this laptop matches. Add them as new."
    assert dialog.new_person.isChecked()
    dialog.source.setCurrentIndex(dialog.source.findData("GP"))
    dialog.method.setCurrentIndex(dialog.method.findData("electronic referral"))
    type_text(qtbot, dialog.referrer_name, "Dr Okafor")
    for row in range(dialog.reasons.count()):
        item = dialog.reasons.item(row)
        if item.data(Qt.ItemDataRole.UserRole) in ("loneliness", "low mood"):
            item.setCheckState(Qt.CheckState.Checked)
    dialog.consents["support from the service"].setCurrentIndex(1)  # given
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: window.referral_dialog is None)
    wait_active(qtbot, window)


def test_a_referral_taken_moved_on_written_up_and_closed(
    qtbot: QtBot, window: MainWindow, referral_dialog: ReferralDialog
) -> None:
    take_referral_for_ann(qtbot, window, referral_dialog)
    db = db_of(window)
    with db.reading() as s:
        person = s.exec(select(Person)).one()
        referral = s.exec(select(Referral)).one()
        consent = s.exec(select(Consent)).one()
    assert (person.given_name, person.nhs_number) == ("Ann", "9434765919")
    assert referral.state == "received" and referral.source == "GP"
    assert referral.reasons == ["loneliness", "low mood"]
    assert (consent.kind, consent.given) == ("support from the service", True)

    # The record opens on Summary; Today lists Ann as waiting for first contact.
    assert window.current_section() == "record"
    page = window.record
    assert page.name.text() == "Ann Hale"
    assert "NHS number 943 476 5919" in page.facts.text()
    assert any(t == "Hale, Ann — New referral, waiting 0 days"
               for t in window.today.first_contact.texts())  # fmt: skip
    with db.reading() as s:
        viewed = s.exec(select(AuditEvent).where(AuditEvent.action == "viewed")).all()
    assert [v.entity_id for v in viewed] == [person.id], "opening the record is audited"

    # Contacted, then engaged.
    click(qtbot, button(qtbot, page.summary, "Mark contacted"))
    qtbot.waitUntil(lambda: "referral: contacted" in page.facts.text())
    click(qtbot, button(qtbot, page.summary, "Mark engaged"))
    qtbot.waitUntil(lambda: "referral: engaged" in page.facts.text())
    with db.reading() as s:
        referral = s.exec(select(Referral)).one()
    assert referral.state == "engaged" and referral.first_contact_at is not None
    assert window.today.first_contact.texts() == [] or window._stale

    # Closing without saying how it ended is refused, with the state machine's message.
    click(qtbot, button(qtbot, page.summary, "Close referral"))
    assert page.message.isVisible()
    assert page.message.text() == "Choose how the referral ended before closing it."
    with db.reading() as s:
        assert s.exec(select(Referral)).one().state == "engaged"

    # About Me, saved as typed; an edit undone and redone with the keyboard.
    page.tabs.setCurrentWidget(page.about_me)
    box = page.about_me.form.editors["most_important"]
    assert isinstance(box, QPlainTextEdit)
    box.setFocus()
    qtbot.keyClicks(box, "My grandchildren and my garden.")

    def about_me() -> AboutMe | None:
        with db.reading() as s:
            return s.exec(select(AboutMe)).one_or_none()

    qtbot.waitUntil(lambda: about_me() is not None, timeout=5000)  # saved when typing pauses
    about = about_me()
    assert about is not None
    assert about.most_important == "My grandchildren and my garden."
    assert about.last_updated_on == TODAY
    who = page.about_me.form.editors["supported_to_write_by"]
    assert isinstance(who, QLineEdit)
    type_text(qtbot, who, "Her daughter Sue")
    qtbot.keyClick(who, Qt.Key.Key_Return)
    with db.reading() as s:
        assert s.exec(select(AboutMe)).one().supported_to_write_by == "Her daughter Sue"
    bar = page.tabs.tabBar()
    bar.setFocus()  # out of the field: Ctrl+Z in a field undoes typing in it, as everywhere
    qtbot.waitUntil(bar.hasFocus)
    qtbot.keyClick(bar, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with db.reading() as s:
        assert s.exec(select(AboutMe)).one().supported_to_write_by is None
    qtbot.waitUntil(lambda: who.text() == "")
    both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(bar, Qt.Key.Key_Z, both)
    with db.reading() as s:
        assert s.exec(select(AboutMe)).one().supported_to_write_by == "Her daughter Sue"
    qtbot.waitUntil(lambda: who.text() == "Her daughter Sue")

    # A bad NHS number typed into Summary is refused under the field; nothing changes.
    page.tabs.setCurrentWidget(page.summary)
    nhs = page.summary.forms[0].editors["nhs_number"]
    assert isinstance(nhs, QLineEdit)
    type_text(qtbot, nhs, "943 476 5918")
    qtbot.keyClick(nhs, Qt.Key.Key_Return)
    assert "not a valid NHS number" in page.summary.forms[0].message("nhs_number")
    with db.reading() as s:
        assert s.exec(select(Person)).one().nhs_number == "9434765919"

    # A plan: a goal in her words, an action, and a follow-up from the action.
    page.tabs.setCurrentWidget(page.plan)
    plan_tab = page.plan
    press(qtbot, plan_tab.start_button)
    qtbot.waitUntil(plan_tab.plan_view.isVisible)
    type_text(qtbot, plan_tab.add_goal.edit, "I want to get out and talk to people")
    qtbot.keyClick(plan_tab.add_goal.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(plan_tab.goals.widgets) == 1)
    with db.reading() as s:
        goal = s.exec(select(PlanGoal)).one()
    box = plan_tab.goals.widgets[goal.id]
    type_text(qtbot, box.add_action.edit, "Try the Tuesday coffee morning")
    press(qtbot, box.add_action.button)
    qtbot.waitUntil(lambda: len(box.action_cards.widgets) == 1)
    with db.reading() as s:
        action = s.exec(select(PlanAction)).one()
    assert action.goal_id == goal.id and action.status == "to do"
    card = box.action_cards.widgets[action.id]
    press(qtbot, card.set_follow_up_button)
    type_text(qtbot, card.follow_up_what, "Ask how the coffee morning went")
    type_text(qtbot, card.due, TODAY.strftime("%d/%m/%Y"))
    press(qtbot, card.save_follow_up)
    qtbot.waitUntil(lambda: len(card.follow_ups.widgets) == 1)
    with db.reading() as s:
        follow_up = s.exec(select(FollowUp)).one()
    assert (follow_up.source_entity, follow_up.source_id) == ("plan_action", action.id)

    # ONS4 at baseline, an answer of 11 refused, then at follow-up.
    page.tabs.setCurrentWidget(page.measures)
    measures = page.measures
    answers = measures.ons4.answers
    type_text(qtbot, measures.taken_on, (TODAY - dt.timedelta(days=1)).strftime("%d/%m/%Y"))
    for key, value in zip(answers, ("4", "5", "11", "8"), strict=True):
        type_text(qtbot, answers[key], value)
    press(qtbot, measures.save_button)
    qtbot.waitUntil(lambda: "0 to 10; 11 is outside that" in page.message.text())
    with db.reading() as s:
        assert s.exec(select(OutcomeMeasure)).all() == []
    type_text(qtbot, answers["happiness"], "3")
    press(qtbot, measures.save_button)
    qtbot.waitUntil(lambda: measures.timepoint.currentData() == "follow-up")
    type_text(qtbot, measures.taken_on, TODAY.strftime("%d/%m/%Y"))
    for key, value in zip(answers, ("7", "7", "6", "3"), strict=True):
        type_text(qtbot, answers[key], value)
    press(qtbot, measures.save_button)
    with db.reading() as s:
        scored = s.exec(select(OutcomeMeasure).order_by(OutcomeMeasure.taken_on)).all()
    assert [(m.timepoint, m.answers) for m in scored] == [
        ("baseline", {"life_satisfaction": 4, "worthwhile": 5, "happiness": 3, "anxiety": 8}),
        ("follow-up", {"life_satisfaction": 7, "worthwhile": 7, "happiness": 6, "anxiety": 3}),
    ]

    # A contact note signed, then corrected by an addendum; the signed note never changes.
    page.tabs.setCurrentWidget(page.contacts)
    contacts_tab = page.contacts
    press(qtbot, contacts_tab.new_button)
    qtbot.waitUntil(lambda: len(contacts_tab.drafts) == 1)
    form = next(iter(contacts_tab.drafts.values()))
    qtbot.waitUntil(form.notes.hasFocus)
    qtbot.keyClicks(form.notes, "Met at the community centre. Keen on the coffee morning.")
    press(qtbot, form.sign_button)
    qtbot.waitUntil(lambda: not contacts_tab.drafts)
    with db.reading() as s:
        signed = s.exec(select(Encounter)).one()
    assert signed.signed_off_at is not None
    press(qtbot, contacts_tab.addendum_buttons[signed.id])
    qtbot.waitUntil(lambda: len(contacts_tab.drafts) == 1)
    form = next(iter(contacts_tab.drafts.values()))
    qtbot.waitUntil(form.notes.hasFocus)
    qtbot.keyClicks(form.notes, "It is the Thursday coffee morning, not Tuesday.")
    press(qtbot, form.sign_button)
    qtbot.waitUntil(lambda: not contacts_tab.drafts)
    with db.reading() as s:
        contacts = {c.id: c for c in s.exec(select(Encounter)).all()}
    assert contacts[signed.id].notes == "Met at the community centre. Keen on the coffee morning."
    [addendum] = [c for c in contacts.values() if c.amends_id == signed.id]
    assert addendum.notes == "It is the Thursday coffee morning, not Tuesday."
    with pytest.raises(AppendOnlyViolation), db.transaction() as s:
        row = s.get(Encounter, signed.id)
        assert row is not None
        row.notes = "Changed later"

    # The follow-up is in Today, and opens Ann's record again.
    click(qtbot, page.back_button)
    window.show_section("today")
    qtbot.waitUntil(lambda: window.today.follow_ups.texts() == [
        "Due today: Hale, Ann — Ask how the coffee morning went"
    ])  # fmt: skip
    window.today.follow_ups.list.itemActivated.emit(window.today.follow_ups.list.item(0))
    assert window.current_section() == "record" and page.name.text() == "Ann Hale"

    # Closing with an outcome.
    outcome = next(c for c in page.summary.findChildren(QComboBox)
                   if c.accessibleName() == "How the referral ended" and c.isVisible())  # fmt: skip
    outcome.setCurrentIndex(outcome.findData("goals met"))
    click(qtbot, button(qtbot, page.summary, "Close referral"))
    qtbot.waitUntil(lambda: "referral: closed" in page.facts.text())
    with db.reading() as s:
        closed = s.exec(select(Referral)).one()
        assert s.exec(select(Person)).one().status == "closed"
    assert (closed.state, closed.close_outcome, closed.closed_on) == ("closed", "goals met", TODAY)

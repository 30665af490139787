"""The record's Contacts, Measures and Connections tabs, driven through real widgets: typing,
clicking and reading labels, with each result checked in the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlmodel import select

from linkworker.care.measures import ONS4, ONS4_PREAMBLE
from linkworker.care.person import NewPerson
from linkworker.store import contacts
from linkworker.store.capture import AppendOnlyViolation
from linkworker.store.database import Database
from linkworker.store.people import add_person
from linkworker.store.record import open_record, read_record
from linkworker.store.tables import (
    CommunityConnection,
    ContactDraft,
    Encounter,
    FollowUp,
    OutcomeMeasure,
)
from linkworker.ui.errors import Notifier
from linkworker.ui.record_contacts import ContactsTab, DraftForm
from linkworker.ui.record_edits import RecordEditor
from linkworker.ui.record_page import RecordPage
from tests.ui.conftest import click, type_text, visible_text, wait_active

TODAY = dt.date.today()
T = TypeVar("T")


def uk(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def person_id(db: Database) -> str:
    return add_person(db, NewPerson(given_name="Margaret", family_name="Okonkwo-Baines"))


@pytest.fixture
def page(qtbot: QtBot, db: Database, notifier: Notifier, person_id: str) -> Iterator[RecordPage]:
    editor = RecordEditor(lambda: db, notifier)
    record_page = RecordPage(editor, lambda pid: read_record(db, pid))
    qtbot.addWidget(record_page)
    record_page.resize(1200, 900)
    record_page.show_record(open_record(db, person_id))
    record_page.show()
    wait_active(qtbot, record_page)
    yield record_page
    record_page.flush()


def rows(db: Database, table: type[T]) -> list[T]:
    with db.reading() as s:
        found = list(s.exec(select(table)).all())
        for row in found:
            s.expunge(row)
        return found


def choose(qtbot: QtBot, combo: QComboBox, value: object) -> None:
    """Pick an item with the keyboard, as a user tabbing through would."""
    combo.setFocus()
    target = combo.findData(value)
    assert target >= 0, value
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, key)


def type_note(qtbot: QtBot, box: QPlainTextEdit, text: str) -> None:
    qtbot.mouseClick(box.viewport(), Qt.MouseButton.LeftButton)
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    qtbot.keyClicks(box, text)


def sign_contact(db: Database, person_id: str, notes: str) -> str:
    draft = contacts.start_draft(db, person_id)
    contacts.save_draft(db, draft, "notes", notes)
    return contacts.sign_draft(db, draft)


def new_draft(qtbot: QtBot, page: RecordPage) -> DraftForm:
    tab = page.contacts
    page.tabs.setCurrentWidget(tab)
    click(qtbot, tab.new_button)
    qtbot.waitUntil(lambda: len(tab.drafts) == 1)
    form = next(iter(tab.drafts.values()))
    qtbot.waitUntil(lambda: form.notes.hasFocus())  # ready to write in
    return form


def card_of(tab: ContactsTab, contact_id: str) -> QWidget:
    button = tab.addendum_buttons[contact_id]
    card = button.parentWidget()
    assert card is not None
    return card


# -- Contacts -----------------------------------------------------------------------------------


def test_write_and_sign_a_contact_note(
    qtbot: QtBot, page: RecordPage, db: Database, person_id: str
) -> None:
    form = new_draft(qtbot, page)
    assert "Draft: kept on this laptop until you sign it." in visible_text(form)
    assert form.title() == "New contact (draft)"
    choose(qtbot, form.mode, "phone")
    choose(qtbot, form.kind, "coaching")
    type_text(qtbot, form.minutes, "30")
    qtbot.keyClick(form.minutes, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: rows(db, ContactDraft)[0].duration_minutes == 30)
    draft = rows(db, ContactDraft)[0]
    assert (draft.mode, draft.kind) == ("phone", "coaching")

    # Minutes that cannot be right are said under the field, and not saved.
    type_text(qtbot, form.minutes, "thirty")
    qtbot.keyClick(form.minutes, Qt.Key.Key_Tab)
    assert form.errors["duration_minutes"].isVisible()
    assert form.errors["duration_minutes"].text() == "Minutes: enter a whole number."
    assert rows(db, ContactDraft)[0].duration_minutes == 30
    type_text(qtbot, form.minutes, "30")
    qtbot.keyClick(form.minutes, Qt.Key.Key_Tab)
    assert not form.errors["duration_minutes"].isVisible()

    # Signing an attended contact with no note is refused, with the store's reason.
    click(qtbot, form.sign_button)
    assert form.sign_error.isVisible()
    assert "Write a note of the contact before signing it" in form.sign_error.text()
    assert rows(db, Encounter) == []

    # The note is saved a moment after typing stops, then signed.
    type_note(qtbot, form.notes, "Talked about the walking group; keen to try it on Tuesday.")
    qtbot.waitUntil(lambda: (rows(db, ContactDraft)[0].notes or "").endswith("Tuesday."))
    click(qtbot, form.sign_button)
    tab = page.contacts
    qtbot.waitUntil(lambda: not tab.drafts)
    assert rows(db, ContactDraft) == []
    [contact] = rows(db, Encounter)
    assert contact.notes == "Talked about the walking group; keen to try it on Tuesday."
    assert (contact.mode, contact.kind, contact.duration_minutes) == ("phone", "coaching", 30)
    assert contact.attended is True
    assert contact.signed_off_at is not None
    text = visible_text(card_of(tab, contact.id))
    assert "Talked about the walking group; keen to try it on Tuesday." in text
    assert "Phone · Coaching · 30 min" in text
    assert "Attended" in text
    assert "Signed " in text


def test_a_signed_note_has_no_editor_and_cannot_be_changed(
    qtbot: QtBot, page: RecordPage, db: Database, person_id: str
) -> None:
    contact_id = sign_contact(db, person_id, "Met at the library.")
    page.reload()
    page.tabs.setCurrentWidget(page.contacts)
    card = card_of(page.contacts, contact_id)
    assert "Met at the library." in visible_text(card)
    editable = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox)
    assert [w for kind in editable for w in card.findChildren(kind)] == []
    buttons = [b.text() for b in card.findChildren(QPushButton)]
    assert buttons == ["Add addendum"]

    # The store refuses any change to a signed contact.
    with pytest.raises(AppendOnlyViolation), db.transaction() as s:
        row = s.get(Encounter, contact_id)
        assert row is not None
        row.notes = "Met at the pub."
    assert rows(db, Encounter)[0].notes == "Met at the library."


def test_an_addendum_is_written_signed_and_shown_beneath(
    qtbot: QtBot, page: RecordPage, db: Database, person_id: str
) -> None:
    contact_id = sign_contact(db, person_id, "Agreed to try the walk on Tuesday.")
    page.reload()
    tab = page.contacts
    page.tabs.setCurrentWidget(tab)
    click(qtbot, tab.addendum_buttons[contact_id])
    qtbot.waitUntil(lambda: len(tab.drafts) == 1)
    form = next(iter(tab.drafts.values()))
    assert form.title().startswith("Addendum to the contact of ")
    assert not form.mode.isVisible() and not form.minutes.isVisible()
    button = tab.addendum_buttons[contact_id]
    assert not button.isEnabled() and button.text() == "Addendum being written above"

    qtbot.waitUntil(lambda: form.notes.hasFocus())
    type_note(qtbot, form.notes, "The walk is on Wednesday, not Tuesday.")
    click(qtbot, form.sign_button)
    qtbot.waitUntil(lambda: not tab.drafts)

    (original,) = (c for c in rows(db, Encounter) if c.id == contact_id)
    (addendum,) = (c for c in rows(db, Encounter) if c.amends_id == contact_id)
    assert original.notes == "Agreed to try the walk on Tuesday.", "the signed note is unchanged"
    assert addendum.notes == "The walk is on Wednesday, not Tuesday."
    assert addendum.signed_off_at is not None
    text = visible_text(card_of(tab, contact_id))
    assert "Agreed to try the walk on Tuesday." in text
    assert "Addendum " in text and ": The walk is on Wednesday, not Tuesday." in text
    assert text.index("Agreed to try") < text.index("The walk is on Wednesday")
    assert tab.addendum_buttons[contact_id].isEnabled()
    assert len(tab.addendum_buttons) == 1, "an addendum is not a contact of its own"


def test_a_contact_can_set_a_follow_up(
    qtbot: QtBot, page: RecordPage, db: Database, person_id: str
) -> None:
    form = new_draft(qtbot, page)
    click(qtbot, form.did_not_attend)
    qtbot.waitUntil(lambda: rows(db, ContactDraft)[0].attended is False)
    type_note(qtbot, form.notes, "Not in when I called round.")
    due = TODAY + dt.timedelta(days=7)
    type_text(qtbot, form.follow_up_on, uk(due))
    qtbot.keyClick(form.follow_up_on, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: rows(db, ContactDraft)[0].follow_up_on == due)

    # Half a follow-up is refused: it needs what it is for.
    click(qtbot, form.sign_button)
    assert "A follow-up needs both a date and what it is for." in form.sign_error.text()
    assert rows(db, Encounter) == []

    type_text(qtbot, form.follow_up_what, "Ring to arrange another visit")
    click(qtbot, form.sign_button)  # leaving the line saves it, then the draft is signed
    qtbot.waitUntil(lambda: not page.contacts.drafts)
    [contact] = rows(db, Encounter)
    assert contact.attended is False
    [follow] = rows(db, FollowUp)
    assert (follow.due_on, follow.what) == (due, "Ring to arrange another visit")
    assert (follow.source_entity, follow.source_id, follow.person_id) == (
        "encounter", contact.id, person_id,
    )  # fmt: skip
    text = visible_text(card_of(page.contacts, contact.id))
    assert "Did not attend" in text
    assert f"Follow-up due {uk(due)}: Ring to arrange another visit" in text


def test_discarding_a_draft_asks_first(
    qtbot: QtBot, page: RecordPage, db: Database, person_id: str
) -> None:
    form = new_draft(qtbot, page)
    type_note(qtbot, form.notes, "Half a thought")
    click(qtbot, form.discard_button)
    box = form.discard_box
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    keep = next(b for b in box.buttons() if b.text() == "Keep writing")
    click(qtbot, keep)
    qtbot.waitUntil(lambda: form.discard_box is None)
    assert len(rows(db, ContactDraft)) == 1
    assert rows(db, ContactDraft)[0].notes == "Half a thought", "leaving the note saved it"

    click(qtbot, form.discard_button)
    box = form.discard_box
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    discard = next(b for b in box.buttons() if b.text() == "Discard draft")
    click(qtbot, discard)
    qtbot.waitUntil(lambda: not page.contacts.drafts)
    assert rows(db, ContactDraft) == []
    assert rows(db, Encounter) == []


# -- Measures -----------------------------------------------------------------------------------


def answer_ons4(qtbot: QtBot, page: RecordPage, answers: tuple[str, str, str, str]) -> None:
    for question, answer in zip(ONS4, answers, strict=True):
        type_text(qtbot, page.measures.ons4.answers[question.key], answer)


def test_ons4_baseline_and_follow_up_are_recorded(
    qtbot: QtBot, page: RecordPage, db: Database
) -> None:
    tab = page.measures
    page.tabs.setCurrentWidget(tab)
    text = visible_text(tab)
    assert ONS4_PREAMBLE in text
    for question in ONS4:
        assert question.text in text
    assert tab.chosen == "ONS4"
    assert tab.timepoint.currentData() == "baseline"

    baseline_day = TODAY - dt.timedelta(days=70)
    type_text(qtbot, tab.taken_on, uk(baseline_day))
    answer_ons4(qtbot, page, ("4", "5", "3", "8"))
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: len(rows(db, OutcomeMeasure)) == 1)
    [first] = rows(db, OutcomeMeasure)
    assert (first.instrument, first.timepoint, first.taken_on) == ("ONS4", "baseline", baseline_day)
    assert first.answers == {"life_satisfaction": 4, "worthwhile": 5, "happiness": 3, "anxiety": 8}
    assert tab.saved.text().startswith("Saved: ONS4, baseline")
    assert all(line.text() == "" for line in tab.ons4.answers.values()), "ready for the next"
    qtbot.waitUntil(lambda: tab.timepoint.currentData() == "follow-up")

    type_text(qtbot, tab.taken_on, uk(TODAY))
    answer_ons4(qtbot, page, ("7", "7", "6", "3"))
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: len(rows(db, OutcomeMeasure)) == 2)
    second = next(m for m in rows(db, OutcomeMeasure) if m.timepoint == "follow-up")
    assert second.taken_on == TODAY
    assert second.answers == {"life_satisfaction": 7, "worthwhile": 7, "happiness": 6,
                              "anxiety": 3}  # fmt: skip

    # The list and the trend charts show both, anxiety with lower as better.
    qtbot.waitUntil(lambda: "Life satisfaction 7 · Things done are worthwhile 7" in
                    visible_text(tab))  # fmt: skip
    listed = visible_text(tab)
    assert "Life satisfaction 4 · Things done are worthwhile 5" in listed
    anxiety = tab.charts["ONS4 anxiety"]
    assert [(p.when, p.value, p.timepoint) for p in anxiety.points()] == [
        (baseline_day, 8.0, "baseline"), (TODAY, 3.0, "follow-up"),
    ]  # fmt: skip
    assert "Lower scores are better" in anxiety.accessibleDescription()
    satisfaction = tab.charts["ONS4 life_satisfaction"]
    assert [p.value for p in satisfaction.points()] == [4.0, 7.0]
    assert "Higher scores are better" in satisfaction.accessibleDescription()


def test_an_ons4_answer_of_11_is_refused_and_nothing_saved(
    qtbot: QtBot, page: RecordPage, db: Database
) -> None:
    tab = page.measures
    page.tabs.setCurrentWidget(tab)
    answer_ons4(qtbot, page, ("6", "7", "11", "4"))
    qtbot.keyClick(tab.ons4.answers["anxiety"], Qt.Key.Key_Tab)
    assert tab.ons4.errors["happiness"].isVisible()
    assert tab.ons4.errors["happiness"].text() == "Answers run from 0 to 10; 11 is outside that."
    click(qtbot, tab.save_button)
    assert tab.save_error.isVisible()
    message = tab.save_error.text()
    assert message.startswith("Answers run from 0 to 10; 11 is outside that")
    assert "Overall, how happy did you feel yesterday?" in message
    assert page.message.isVisible() and page.message.text() == message
    assert rows(db, OutcomeMeasure) == []
    assert tab.ons4.answers["happiness"].text() == "11", "what was typed stays to be put right"

    type_text(qtbot, tab.ons4.answers["happiness"], "10")
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: len(rows(db, OutcomeMeasure)) == 1)
    assert rows(db, OutcomeMeasure)[0].answers["happiness"] == 10
    assert not tab.save_error.isVisible()


def test_pam_level_5_is_refused_then_a_level_3_kept(
    qtbot: QtBot, page: RecordPage, db: Database
) -> None:
    tab = page.measures
    page.tabs.setCurrentWidget(tab)
    choose(qtbot, tab.instrument, "PAM")
    assert tab.pam.isVisible() and not tab.ons4.isVisible()
    type_text(qtbot, tab.pam.score, "55.2")
    type_text(qtbot, tab.pam.level, "5")
    click(qtbot, tab.save_button)
    assert tab.save_error.text() == "A PAM level is 1, 2, 3 or 4."
    assert rows(db, OutcomeMeasure) == []

    type_text(qtbot, tab.pam.level, "3")
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: len(rows(db, OutcomeMeasure)) == 1)
    [pam] = rows(db, OutcomeMeasure)
    assert (pam.instrument, pam.score, pam.level, pam.answers) == ("PAM", 55.2, 3, None)
    qtbot.waitUntil(lambda: "PAM" in tab.charts)
    assert [p.value for p in tab.charts["PAM"].points()] == [55.2]


def test_swemwbs_by_hand_without_a_licence_pack(
    qtbot: QtBot, page: RecordPage, db: Database
) -> None:
    tab = page.measures
    page.tabs.setCurrentWidget(tab)
    choose(qtbot, tab.instrument, "SWEMWBS")
    page_ = tab.licensed["SWEMWBS"]
    assert "enter the score by hand" in page_.about.text()
    type_text(qtbot, page_.score, "40")
    click(qtbot, tab.save_button)
    assert tab.save_error.text() == "A SWEMWBS score runs from 7 to 35."
    type_text(qtbot, page_.score, "23.21")
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: len(rows(db, OutcomeMeasure)) == 1)
    [m] = rows(db, OutcomeMeasure)
    assert (m.instrument, m.score, m.entered_by_hand, m.answers) == ("SWEMWBS", 23.21, True, None)


PACK = """
format = 1

[[instruments]]
name = "SWEMWBS"
licence_holder = "Millbrook Primary Care Network"
choices = [
  { value = 1, label = "Answer one" }, { value = 2, label = "Answer two" },
  { value = 3, label = "Answer three" }, { value = 4, label = "Answer four" },
  { value = 5, label = "Answer five" },
]
items = [
  { key = "item_1", text = "Item one" }, { key = "item_2", text = "Item two" },
  { key = "item_3", text = "Item three" }, { key = "item_4", text = "Item four" },
  { key = "item_5", text = "Item five" }, { key = "item_6", text = "Item six" },
  { key = "item_7", text = "Item seven" },
]

[instruments.scoring]
method = "sum"
"""


def test_swemwbs_asked_in_full_with_a_licence_pack(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db: Database,
    notifier: Notifier, person_id: str,
) -> None:  # fmt: skip
    pack = tmp_path / "licence-pack.toml"
    pack.write_text(PACK, encoding="utf-8")
    monkeypatch.setenv("LINKWORKER_LICENCE_PACK", str(pack))
    editor = RecordEditor(lambda: db, notifier)
    page = RecordPage(editor, lambda pid: read_record(db, pid))
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show_record(open_record(db, person_id))
    page.show()
    wait_active(qtbot, page)
    tab = page.measures
    page.tabs.setCurrentWidget(tab)
    choose(qtbot, tab.instrument, "SWEMWBS")
    swemwbs = tab.licensed["SWEMWBS"]
    assert "Millbrook Primary Care Network" in swemwbs.about.text()
    assert "Item seven" in visible_text(swemwbs)

    for n, combo in enumerate(swemwbs.questions.values(), start=1):
        choose(qtbot, combo, 1 + n % 5)  # 2, 3, 4, 5, 1, 2, 3 = 20
        if n == 3:
            click(qtbot, tab.save_button)
            assert "Answer every question" in tab.save_error.text()
            assert rows(db, OutcomeMeasure) == []
    assert swemwbs.result.text() == "Score: 20"
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: len(rows(db, OutcomeMeasure)) == 1)
    [m] = rows(db, OutcomeMeasure)
    assert (m.instrument, m.score, m.entered_by_hand) == ("SWEMWBS", 20.0, False)
    assert m.answers == {f"item_{n}": 1 + n % 5 for n in range(1, 8)}


# -- Connections --------------------------------------------------------------------------------


def test_a_connection_is_added_and_its_status_changed(
    qtbot: QtBot, page: RecordPage, db: Database, person_id: str
) -> None:
    tab = page.connections
    page.tabs.setCurrentWidget(tab)
    assert tab.empty.isVisible()

    click(qtbot, tab.add_button)
    assert tab.add_error.text() == "Service is needed."
    assert rows(db, CommunityConnection) == []

    type_text(qtbot, tab.service, "Canal Side walking group")
    choose(qtbot, tab.kind, "referral")
    click(qtbot, tab.add_button)
    qtbot.waitUntil(lambda: len(tab.cards) == 1)
    [row] = rows(db, CommunityConnection)
    assert (row.person_id, row.service_name, row.kind, row.made_on, row.status) == (
        person_id, "Canal Side walking group", "referral", TODAY, "suggested",
    )  # fmt: skip
    assert tab.service.text() == "", "ready for the next"
    assert not tab.empty.isVisible()
    card = tab.cards[row.id]
    assert card.heading.text() == "Referral to Canal Side walking group: suggested"

    status = card.how.editors["status"]
    assert isinstance(status, QComboBox)
    choose(qtbot, status, "referred")
    qtbot.waitUntil(lambda: rows(db, CommunityConnection)[0].status == "referred")
    qtbot.waitUntil(lambda: card.heading.text().endswith(": referred"))
    feedback = card.how.editors["feedback"]
    assert isinstance(feedback, QPlainTextEdit)
    type_note(qtbot, feedback, "Went twice; likes the Tuesday group.")
    qtbot.keyClick(feedback, Qt.Key.Key_Tab)
    qtbot.waitUntil(
        lambda: rows(db, CommunityConnection)[0].feedback == "Went twice; likes the Tuesday group."
    )
    assert tab.cards[row.id] is card, "the card is kept while it is edited"

    click(qtbot, card.remove_button)
    qtbot.waitUntil(lambda: not tab.cards)
    assert rows(db, CommunityConnection)[0].deleted_at is not None
    click(qtbot, page.undo_button)
    qtbot.waitUntil(lambda: len(tab.cards) == 1)
    assert rows(db, CommunityConnection)[0].deleted_at is None

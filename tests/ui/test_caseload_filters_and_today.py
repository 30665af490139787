"""The caseload's filters and the Today lists, on a caseload set up through the store the way
the app writes it: people at different stages, one with a risk flag, follow-ups due and not."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlmodel import select

from linkworker.care.person import NewPerson
from linkworker.care.referral import NewReferral, check_new_referral
from linkworker.paths import Paths
from linkworker.store import edits, followups, referrals
from linkworker.store.people import add_person
from linkworker.store.tables import FollowUp, SyncState
from linkworker.store.vault import Vault
from linkworker.ui.caseload_model import NAME, STATUS, WAITING
from linkworker.ui.main_window import MainWindow
from linkworker.ui.startup import Startup
from tests.ui.conftest import PASSPHRASE, click, type_text, wait_active

TODAY = dt.date.today()


def _referral(days_ago: int) -> NewReferral:
    checked = check_new_referral({
        "received_on": TODAY - dt.timedelta(days=days_ago), "source": "GP",
        "reasons": ["loneliness"],
    })  # fmt: skip
    assert isinstance(checked, NewReferral)
    return checked


@pytest.fixture
def busy_window(qtbot: QtBot, paths: Paths, startup: Startup) -> MainWindow:
    db = Vault(paths).create(PASSPHRASE)
    waiting, _ = referrals.take_referral(db, _referral(6), new_person=NewPerson(
        given_name="Wendy", family_name="Waite", nhs_number="9434765919"))  # fmt: skip
    moving, rid = referrals.take_referral(db, _referral(20), new_person=NewPerson(
        given_name="Mo", family_name="Ving"))  # fmt: skip
    referrals.move_referral(db, rid, "contacted")
    risky = add_person(db, NewPerson(given_name="Rita", family_name="Risk"))
    edits.set_field(db, "person", risky, "risk_flag", True)
    followups.add_follow_up(db, moving, TODAY - dt.timedelta(days=3), "Ring about the group")
    followups.add_follow_up(db, risky, TODAY + dt.timedelta(days=5), "Home visit")
    # Someone on a colleague's caseload (this laptop is connected, as worker "me").
    other = add_person(db, NewPerson(given_name="Col", family_name="League"))
    with db.transaction() as s:
        from linkworker.store.tables import Person, Worker

        s.add(Worker(id="me", username="me", display_name="Me Myself"))
        s.add(Worker(id="them", username="them", display_name="Sam Colleague"))
        s.flush()
        state = s.get(SyncState, 1)
        assert state is not None
        state.worker_id = "me"
        for pid in (waiting, moving, risky):
            person = s.get(Person, pid)
            assert person is not None
            person.key_worker_id = "me"
        person = s.get(Person, other)
        assert person is not None
        person.key_worker_id = "them"
    db.close()
    startup.start()
    assert startup.window is not None
    wait_active(qtbot, startup.window)
    return startup.window


def names(window: MainWindow) -> list[str]:
    model = window.caseload.table.model()
    return [model.index(r, NAME).data() for r in range(model.rowCount())]


def test_the_caseload_filters_narrow_the_list_and_say_how_many(
    qtbot: QtBot, busy_window: MainWindow
) -> None:
    view = busy_window.caseload
    assert names(busy_window) == ["League, Col", "Risk, Rita", "Ving, Mo", "Waite, Wendy"]
    view.whose.setCurrentIndex(view.whose.findData(True))
    assert names(busy_window) == ["Risk, Rita", "Ving, Mo", "Waite, Wendy"], "my caseload"
    assert view.summary.text() == "Showing 3 of 4 people"
    view.whose.setCurrentIndex(view.whose.findData(False))
    model = view.table.model()
    assert model.index(0, 3).data() == "Sam Colleague"
    assert model.index(1, 3).data() == "You"

    view.first_contact.setChecked(True)
    assert names(busy_window) == ["Waite, Wendy"]
    assert model.index(0, WAITING).data() == "6 days"
    assert view.summary.text() == "Showing 1 of 4 people"
    view.first_contact.setChecked(False)
    view.overdue.setChecked(True)
    assert names(busy_window) == ["Ving, Mo"]
    view.overdue.setChecked(False)
    view.status.setCurrentIndex(view.status.findData("contacted"))
    assert names(busy_window) == ["Ving, Mo"]
    view.status.setCurrentIndex(0)

    type_text(qtbot, view.search, "943 476")
    assert names(busy_window) == ["Waite, Wendy"], "NHS number search"
    type_text(qtbot, view.search, "")
    rita = next(r for r in range(model.rowCount()) if model.index(r, NAME).data() == "Risk, Rita")
    assert model.index(rita, 7).data() == "Risk"

    # Sorting by status: in the order a referral moves, the filter kept.
    view.table.sortByColumn(STATUS, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, STATUS).data() for r in range(model.rowCount())] == [
        "Received", "Contacted", "No referral", "No referral",
    ]  # fmt: skip


def test_today_lists_what_is_due_and_a_follow_up_is_done_or_moved(
    qtbot: QtBot, busy_window: MainWindow
) -> None:
    busy_window.show_section("today")
    today = busy_window.today
    assert today.first_contact.texts() == ["Waite, Wendy — New referral, waiting 6 days"]
    assert today.follow_ups.texts() == ["Overdue 3 days: Ving, Mo — Ring about the group"]

    # Moving it needs a real date, today or later.
    today.follow_ups.list.setCurrentRow(0)
    type_text(qtbot, today.move_date, "31/02/2030")
    click(qtbot, today.move_button)
    assert today.move_error.text() == "There is no such date: check the day and month."
    later = TODAY + dt.timedelta(days=2)
    type_text(qtbot, today.move_date, later.strftime("%d/%m/%Y"))
    click(qtbot, today.move_button)
    qtbot.waitUntil(lambda: today.follow_ups.texts() == [])
    db = busy_window.database
    assert db is not None
    with db.reading() as s:
        moved = s.exec(select(FollowUp).where(FollowUp.what == "Ring about the group")).one()
    assert moved.due_on == later and moved.done_at is None

    # Opening a line opens the person.
    item = today.first_contact.list.item(0)
    today.first_contact.list.itemActivated.emit(item)
    assert busy_window.current_section() == "record"
    assert busy_window.record.name.text() == "Wendy Waite"

    # Done: gone from Today, kept in the database as done.
    with db.transaction() as s:
        moved_row = s.get(FollowUp, moved.id)
        assert moved_row is not None
        moved_row.due_on = TODAY
    busy_window.reload_caseload()
    busy_window.show_section("today")
    today.follow_ups.list.setCurrentRow(0)
    click(qtbot, today.done_button)
    qtbot.waitUntil(lambda: today.follow_ups.texts() == [])
    with db.reading() as s:
        assert s.get(FollowUp, moved.id).done_at is not None  # type: ignore[union-attr]

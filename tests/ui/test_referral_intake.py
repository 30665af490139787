"""New referral finds the person first, so no one gets two records."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlmodel import select

from linkworker.care.person import NewPerson
from linkworker.paths import Paths
from linkworker.store.people import add_person
from linkworker.store.tables import Person, Referral
from linkworker.store.vault import Vault
from linkworker.ui.main_window import MainWindow
from linkworker.ui.referral_dialog import ReferralDialog
from linkworker.ui.startup import Startup
from tests.ui.conftest import PASSPHRASE, click, type_text, wait_active


@pytest.fixture
def known_window(qtbot: QtBot, paths: Paths, startup: Startup) -> MainWindow:
    db = Vault(paths).create(PASSPHRASE)
    born = dt.date(1961, 9, 4)
    add_person(db, NewPerson(given_name="Margaret", family_name="Okonkwo",
                             nhs_number="9434765919", date_of_birth=born))  # fmt: skip
    add_person(db, NewPerson(given_name="Peggy", family_name="Okonkwo", date_of_birth=born))
    db.close()
    startup.start()
    assert startup.window is not None
    wait_active(qtbot, startup.window)
    return startup.window


def open_dialog(qtbot: QtBot, window: MainWindow) -> ReferralDialog:
    window.new_referral_action.trigger()
    dialog = window.referral_dialog
    assert isinstance(dialog, ReferralDialog)
    qtbot.waitExposed(dialog)
    return dialog


def fill_referral(dialog: ReferralDialog) -> None:
    dialog.source.setCurrentIndex(dialog.source.findData("self"))
    dialog.reasons.item(0).setCheckState(Qt.CheckState.Checked)


def test_the_same_nhs_number_finds_them_and_the_referral_joins_their_record(
    qtbot: QtBot, known_window: MainWindow
) -> None:
    dialog = open_dialog(qtbot, known_window)
    type_text(qtbot, dialog.fields["nhs_number"], "9434765919")
    dialog.search()
    assert len(dialog.matches) == 1 and dialog.matches[0].reason == "Same NHS number"
    assert dialog.chosen_person_id() == dialog.matches[0].person.id, "a sure match is chosen"
    fill_referral(dialog)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: known_window.referral_dialog is None)
    db = known_window.database
    assert db is not None
    with db.reading() as s:
        assert len(s.exec(select(Person)).all()) == 2, "no new record"
        referral = s.exec(select(Referral)).one()
        person = s.get(Person, referral.person_id)
    assert person is not None and person.given_name == "Margaret"

    # A second referral while this one is open is refused, and says what to do.
    dialog = open_dialog(qtbot, known_window)
    type_text(qtbot, dialog.fields["nhs_number"], "943 476 5919")
    dialog.search()
    fill_referral(dialog)
    click(qtbot, dialog.save_button)
    assert "already has an open referral" in dialog.who_error.text()
    with db.reading() as s:
        assert len(s.exec(select(Referral)).all()) == 1


def test_name_and_date_of_birth_show_likely_duplicates_to_choose_from(
    qtbot: QtBot, known_window: MainWindow
) -> None:
    dialog = open_dialog(qtbot, known_window)
    type_text(qtbot, dialog.fields["given_name"], "Peggy")
    type_text(qtbot, dialog.fields["family_name"], "okonkwo")
    type_text(qtbot, dialog.fields["date_of_birth"], "04/09/1961")
    dialog.search()
    reasons = [m.reason for m in dialog.matches]
    assert reasons == ["Same name and date of birth", "Same date of birth and a similar name"]
    assert dialog.new_person.isChecked(), "not sure: the worker chooses"
    assert "may be the same person" in dialog.match_intro.text()
    peggy = dialog.matches[0].person.id
    dialog.choose_match(peggy)
    fill_referral(dialog)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: known_window.referral_dialog is None)
    db = known_window.database
    assert db is not None
    with db.reading() as s:
        assert len(s.exec(select(Person)).all()) == 2
        referral = s.exec(select(Referral)).one()
    assert referral.person_id == peggy
    assert known_window.record.name.text() == "Peggy Okonkwo"

"""The caseload: what each column shows, searching, filters, sorting, and the New person form."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from linkworker.care.person import NewPerson
from linkworker.paths import Paths
from linkworker.store.people import add_person
from linkworker.store.vault import Vault
from linkworker.ui.caseload_model import (
    COLUMN_COUNT,
    FLAGS,
    KEY_WORKER,
    LAST_CONTACT,
    NAME,
    NEXT_FOLLOW_UP,
    NHS_NUMBER,
    PERSON_ID_ROLE,
    STATUS,
    WAITING,
)
from linkworker.ui.main_window import MainWindow
from linkworker.ui.startup import Startup
from tests.ui.conftest import PASSPHRASE, add_through_dialog, click, type_text, wait_active

PEOPLE = [
    dict(given_name="Ann", family_name="Smith", date_of_birth=dt.date(1950, 3, 1)),
    dict(given_name="Bob", family_name="Smithson", date_of_birth=dt.date(1988, 7, 30)),
    dict(given_name="Carol", family_name="Goldsmith", date_of_birth=dt.date(1971, 1, 12)),
    dict(given_name="Siobhán", family_name="O'Brien", preferred_name="Shiv"),
]


@pytest.fixture
def caseload_window(qtbot: QtBot, paths: Paths, startup: Startup) -> MainWindow:
    """Four people added earlier (as the command line would), then the app opened."""
    db = Vault(paths).create(PASSPHRASE)
    for fields in PEOPLE:
        add_person(db, NewPerson.model_validate(fields))
    db.close()
    startup.start()
    assert startup.window is not None
    wait_active(qtbot, startup.window)
    return startup.window


def names(window: MainWindow) -> list[str]:
    model = window.caseload.table.model()
    return [model.index(row, NAME).data() for row in range(model.rowCount())]


def test_columns_show_plain_formatted_values(qtbot: QtBot, window: MainWindow) -> None:
    add_through_dialog(
        qtbot,
        window,
        given_name="Margaret",
        family_name="Okonkwo",
        preferred_name="Peggy",
        nhs_number="9434765919",
        date_of_birth="1961-09-04",
        postcode="ls14ap",
    )
    model = window.caseload.table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(COLUMN_COUNT)]
    assert headers == [
        "Name", "NHS number", "Status", "Key worker", "Waiting", "Last contact",
        "Next follow-up", "Flags",
    ]  # fmt: skip
    row = {c: model.index(0, c).data() for c in range(COLUMN_COUNT)}
    assert row[NAME] == "Okonkwo, Margaret (Peggy)"
    assert row[NHS_NUMBER] == "943 476 5919"
    assert row[STATUS] == "No referral"
    assert row[KEY_WORKER] == "You", "on a laptop not connected yet, everyone is the worker's"
    for empty in (WAITING, LAST_CONTACT, NEXT_FOLLOW_UP, FLAGS):
        assert row[empty] == ""
    assert model.index(0, FLAGS).data(PERSON_ID_ROLE)


def test_people_are_listed_by_family_name(caseload_window: MainWindow) -> None:
    assert names(caseload_window) == [
        "Goldsmith, Carol",
        "O'Brien, Siobhán (Shiv)",
        "Smith, Ann",
        "Smithson, Bob",
    ]
    assert caseload_window.caseload.summary.text() == "4 people"


def test_the_search_finds_people_by_the_start_of_any_name(
    qtbot: QtBot, caseload_window: MainWindow
) -> None:
    view = caseload_window.caseload
    type_text(qtbot, view.search, "smi")
    assert names(caseload_window) == ["Smith, Ann", "Smithson, Bob"]
    assert view.summary.text() == "Showing 2 of 4 people"

    type_text(qtbot, view.search, "ann SMI")
    assert names(caseload_window) == ["Smith, Ann"]
    type_text(qtbot, view.search, "shiv")
    assert names(caseload_window) == ["O'Brien, Siobhán (Shiv)"]
    type_text(qtbot, view.search, "o'b")
    assert names(caseload_window) == ["O'Brien, Siobhán (Shiv)"]

    type_text(qtbot, view.search, "zed")
    assert names(caseload_window) == []
    assert "No one matches the search and filters" in view.summary.text()

    type_text(qtbot, view.search, "")
    assert len(names(caseload_window)) == 4


def test_clicking_a_column_heading_sorts_by_it(qtbot: QtBot, caseload_window: MainWindow) -> None:
    table = caseload_window.caseload.table
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(NAME) + header.sectionSize(NAME) // 2
    where = QPoint(x, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert names(caseload_window) == [
        "Smithson, Bob", "Smith, Ann", "O'Brien, Siobhán (Shiv)", "Goldsmith, Carol",
    ]  # fmt: skip
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert names(caseload_window)[0] == "Goldsmith, Carol"


def test_every_problem_in_the_form_is_shown_under_its_field(
    qtbot: QtBot, window: MainWindow
) -> None:
    click(qtbot, window.caseload.new_person_button)
    dialog = window.person_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.fields["date_of_birth"].placeholderText() == "DD/MM/YYYY"

    type_text(qtbot, dialog.fields["preferred_name"], "Peggy")
    type_text(qtbot, dialog.fields["date_of_birth"], "31/02/1961")
    type_text(qtbot, dialog.fields["postcode"], "not a postcode")
    click(qtbot, dialog.save_button)

    errors = {name: e.text() for name, e in dialog.errors.items() if e.isVisible()}
    assert set(errors) == {"given_name", "family_name", "date_of_birth", "postcode"}
    assert errors["given_name"] == "Enter a name."
    assert errors["date_of_birth"] == "There is no such date: check the day and month."
    for name, message in errors.items():
        assert dialog.fields[name].accessibleDescription() == message
    assert dialog.focusWidget() is dialog.fields["given_name"], "the first problem gets the focus"
    assert dialog.values()["preferred_name"] == "Peggy"
    assert dialog.values()["postcode"] == "not a postcode"

    type_text(qtbot, dialog.fields["given_name"], "Margaret")
    type_text(qtbot, dialog.fields["family_name"], "Okonkwo")
    type_text(qtbot, dialog.fields["date_of_birth"], "28/02/1961")
    type_text(qtbot, dialog.fields["postcode"], "")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: window.person_dialog is None)
    assert names(window) == ["Okonkwo, Margaret (Peggy)"]


def test_cancel_saves_nothing(qtbot: QtBot, window: MainWindow) -> None:
    click(qtbot, window.caseload.new_person_button)
    dialog = window.person_dialog
    assert dialog is not None
    type_text(qtbot, dialog.fields["given_name"], "Ann")
    type_text(qtbot, dialog.fields["family_name"], "Smith")
    click(qtbot, dialog.cancel_button)
    assert window.person_dialog is None
    assert names(window) == []
    assert "No one is on your caseload yet" in window.caseload.summary.text()

"""Connecting a laptop to the organisation's server, through Settings › Connect to server…"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pytestqt.qtbot import QtBot

from linkworker.store.tables import Person
from linkworker.sync import replica
from linkworker.ui.connect_dialog import ConnectDialog
from linkworker.ui.main_window import MainWindow
from tests.ui.conftest import add_through_dialog, click, type_text, wait_up_to_date
from tests.ui.sync_support import SERVER_PASSWORD, free_port


def open_connect(qtbot: QtBot, window: MainWindow) -> ConnectDialog:
    click(qtbot, window.connect_link)
    dialog = window.connect_dialog
    assert isinstance(dialog, ConnectDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_connecting_with_a_wrong_password_then_the_right_one_syncs_the_caseload(
    qtbot: QtBot, window: MainWindow, org: Any
) -> None:
    # Alice has been using Linkworker on her own; her caseload has one person in it.
    add_through_dialog(qtbot, window, given_name="Margaret", family_name="Okonkwo")
    assert window.sync_label.text() == "Not connected to a server"
    assert window.connect_link.isVisible() and window.connect_link.text() == "Connect…"

    # She opens Connect… from the status bar and presses Connect with nothing filled in.
    dialog = open_connect(qtbot, window)
    click(qtbot, dialog.connect_button)
    assert dialog.errors["address"].text() == "Enter the server's address."
    assert dialog.errors["username"].text() == "Enter your username."
    assert dialog.errors["password"].text() == "Enter your password."
    assert dialog.address.accessibleDescription() == "Enter the server's address."

    # An address without https:// is explained under the field; nothing is sent.
    type_text(qtbot, dialog.address, "linkworker.example.nhs.uk")
    type_text(qtbot, dialog.username, "alice")
    type_text(qtbot, dialog.password, "not my password")
    click(qtbot, dialog.connect_button)
    assert "starts with https://" in dialog.errors["address"].text()
    assert not dialog.errors["username"].isVisible()
    assert dialog.call is None

    # The right address and a wrong password: the server's answer, under the password field.
    type_text(qtbot, dialog.address, org.url)
    click(qtbot, dialog.connect_button)
    assert dialog.busy.isVisible(), "a busy bar while the server checks the password"
    assert not dialog.connect_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.errors["password"].isVisible(), timeout=30_000)
    assert dialog.errors["password"].text() == "That username and password do not match."
    assert not dialog.busy.isVisible()
    assert dialog.password.text() == "", "the wrong password is cleared"
    assert window.sync_label.text() == "Not connected to a server"

    # The right password: connected, and the first sync starts at once.
    type_text(qtbot, dialog.password, SERVER_PASSWORD)
    click(qtbot, dialog.connect_button)
    qtbot.waitUntil(lambda: dialog.done_label.isVisible(), timeout=30_000)
    assert dialog.done_label.text().startswith("Connected to North PCN as Alice Adams.")
    assert not dialog.connect_button.isVisible()
    assert dialog.close_button.text() == "Close"
    click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: window.connect_dialog is None)

    wait_up_to_date(qtbot, window)
    assert window.database is not None
    synced_at = replica.sync_state(window.database).last_synced_at
    assert synced_at is not None
    assert window.sync_label.text() == f"Up to date {synced_at.astimezone():%H:%M}"
    assert not window.connect_link.isVisible()
    assert window.sync_now_action.isEnabled()
    people = org.records("person")
    assert [p["given_name"] for p in people.values()] == ["Margaret"], "her caseload went up"


def test_too_many_attempts_and_an_unreachable_server_are_said_plainly(
    qtbot: QtBot, window: MainWindow, org: Any
) -> None:
    dialog = open_connect(qtbot, window)
    type_text(qtbot, dialog.username, "alice")

    # Nothing listens at this address: the laptop says so, and what to check.
    type_text(qtbot, dialog.address, f"http://127.0.0.1:{free_port()}")
    type_text(qtbot, dialog.password, "guess")
    click(qtbot, dialog.connect_button)
    qtbot.waitUntil(lambda: dialog.form_error.isVisible(), timeout=30_000)
    assert dialog.form_error.text() == (
        "The server cannot be reached. Check the address, and that this laptop is online."
    )

    # Three wrong passwords, then the server makes her wait, and says how long.
    type_text(qtbot, dialog.address, org.url)
    for _ in range(3):
        type_text(qtbot, dialog.password, "guess again")
        click(qtbot, dialog.connect_button)
        qtbot.waitUntil(lambda: dialog.call is None, timeout=30_000)
        assert dialog.errors["password"].text() == "That username and password do not match."
    type_text(qtbot, dialog.password, SERVER_PASSWORD)
    click(qtbot, dialog.connect_button)
    qtbot.waitUntil(lambda: dialog.form_error.isVisible(), timeout=30_000)
    assert dialog.form_error.text().startswith("Too many sign-in attempts. Try again in ")
    assert dialog.form_error.text().endswith(" seconds.")
    assert window.sync_label.text() == "Not connected to a server"
    click(qtbot, dialog.close_button)


def test_a_laptop_the_server_no_longer_knows_asks_to_sign_in_again(
    qtbot: QtBot, window: MainWindow, org: Any
) -> None:
    from tests.ui.conftest import connect_through_dialog

    connect_through_dialog(qtbot, window, org.url)
    assert window.database is not None
    device_id = replica.sync_state(window.database).device_id

    # The same laptop is signed in again elsewhere (a copy of its files): its old key stops.
    from linkworker.sync.protocol import EnrolRequest
    from linkworker.sync.transport import Transport

    other = Transport(org.url)
    other.enrol(
        EnrolRequest(username="alice", password=SERVER_PASSWORD, device_id=device_id,
                     device_name="copy")
    )  # fmt: skip
    other.close()

    window.sync_now_action.trigger()
    qtbot.waitUntil(
        lambda: window.sync_label.text() == "Not connected · sign in again", timeout=30_000
    )
    assert window.connect_link.isVisible() and window.connect_link.text() == "Sign in again…"
    assert not window.sync_now_action.isEnabled()

    # She signs in again: the records she added meanwhile go up.
    with window.database.transaction() as s:
        s.add(Person(given_name="Nadia", family_name="Haddad", date_of_birth=dt.date(1990, 1, 2)))
    dialog = open_connect(qtbot, window)
    assert "no longer recognises this laptop" in dialog.current.text()
    assert dialog.address.text() == org.url, "the address is remembered"
    type_text(qtbot, dialog.username, "alice")
    type_text(qtbot, dialog.password, SERVER_PASSWORD)
    click(qtbot, dialog.connect_button)
    qtbot.waitUntil(lambda: dialog.done_label.isVisible(), timeout=30_000)
    click(qtbot, dialog.close_button)
    wait_up_to_date(qtbot, window)
    assert not window.connect_link.isVisible()
    assert "Nadia" in [p["given_name"] for p in org.records("person").values()]

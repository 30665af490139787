"""Locking by hand (Ctrl+L) and by idleness: nothing personal stays on screen or open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from linkworker.paths import Paths
from linkworker.ui.main_window import MainWindow
from linkworker.ui.settings import AppSettings, SettingsDialog
from tests.ui.conftest import PASSPHRASE, add_through_dialog, click, type_text, wait_active


def unlock(qtbot: QtBot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    dialog = window.unlock_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    type_text(qtbot, dialog.passphrase, passphrase)
    click(qtbot, dialog.ok_button)


def test_idle_auto_lock_fires_after_the_interval(qtbot: QtBot, window: MainWindow) -> None:
    add_through_dialog(qtbot, window, given_name="Ann", family_name="Smith")
    database = window.database
    assert database is not None
    window.set_idle_interval_ms(50)
    qtbot.waitUntil(lambda: window.database is None, timeout=3000)
    assert database.closed
    assert window.caseload.table.model().rowCount() == 0
    assert window.root.currentWidget() is window.locked_page
    assert "without use" in window.locked_page.reason.text()
    assert window.unlock_dialog is not None

    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.database is not None)
    assert window.caseload.table.model().rowCount() == 1


def test_key_and_mouse_input_restart_the_idle_count(qtbot: QtBot, window: MainWindow) -> None:
    window.set_idle_interval_ms(60_000)
    timer = window.lock_controller._timer
    qtbot.wait(150)
    assert timer.remainingTime() < 59_900
    qtbot.keyClick(window.caseload.search, Qt.Key.Key_A)
    assert timer.remainingTime() > 59_900
    qtbot.wait(150)
    qtbot.mouseClick(window.caseload.table.viewport(), Qt.MouseButton.LeftButton)
    assert timer.remainingTime() > 59_900


def test_someone_typing_keeps_it_unlocked(qtbot: QtBot, window: MainWindow) -> None:
    window.set_idle_interval_ms(600)
    for _ in range(12):  # 1.2 seconds of typing, a key every 100 ms
        qtbot.keyClick(window.caseload.search, Qt.Key.Key_A)
        qtbot.wait(100)
    assert window.database is not None
    qtbot.waitUntil(lambda: window.database is None, timeout=3000)


def test_the_default_auto_lock_is_five_minutes(window: MainWindow) -> None:
    assert window.lock_controller.interval_ms == 5 * 60_000
    assert window.lock_controller.armed


def test_locking_closes_an_open_form_and_forgets_what_was_typed(
    qtbot: QtBot, window: MainWindow
) -> None:
    click(qtbot, window.caseload.new_person_button)
    dialog = window.person_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    wait_active(qtbot, dialog)
    type_text(qtbot, dialog.fields["given_name"], "Ann")
    # Ctrl+L works while the form has the focus.
    qtbot.keyClick(dialog.fields["given_name"], Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.database is None
    assert window.person_dialog is None
    assert dialog.fields["given_name"].text() == ""
    assert not dialog.isVisible()


def test_unlocking_after_a_lock_always_asks_for_the_passphrase(
    qtbot: QtBot, window: MainWindow
) -> None:
    # The key is in the keyring (the window opened without asking), yet a lock asks.
    window.lock_action.trigger()
    assert window.unlock_dialog is not None
    unlock(qtbot, window, "not the passphrase at all")
    assert window.database is None
    assert "does not unlock" in window.unlock_dialog.error.text()

    # Cancel leaves it locked, with a way back in.
    click(qtbot, window.unlock_dialog.cancel_button)
    assert window.unlock_dialog is None
    assert window.root.currentWidget() is window.locked_page
    assert not window.new_person_action.isEnabled()
    click(qtbot, window.locked_page.unlock_button)
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.database is not None)
    assert window.new_person_action.isEnabled()
    assert window.lock_label.text() == "Unlocked · key in keyring"


def test_auto_lock_minutes_are_chosen_in_settings_and_kept(
    qtbot: QtBot, window: MainWindow, paths: Paths
) -> None:
    window.auto_lock_action.trigger()
    dialog = window.settings_dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitExposed(dialog)
    dialog.minutes.selectAll()
    qtbot.keyClicks(dialog.minutes, "12")
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
    assert window.lock_controller.interval_ms == 12 * 60_000
    assert AppSettings(paths).auto_lock_minutes == 12
    assert "auto_lock_minutes=12" in paths.settings_file.read_text()


def test_the_lock_shortcut_is_ctrl_l(window: MainWindow) -> None:
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    assert QApplication.activeWindow() is window


def test_locking_with_a_record_open_saves_what_was_typed_and_forgets_the_record(
    qtbot: QtBot, window: MainWindow
) -> None:
    add_through_dialog(qtbot, window, given_name="Ann", family_name="Hale")
    person_id = window.caseload.model.rows[0].person_id
    window.open_person(person_id)
    page = window.record
    page.tabs.setCurrentWidget(page.about_me)
    box = page.about_me.form.editors["wellness"]
    box.setFocus()
    qtbot.keyClicks(box, "Mornings are hardest")
    window.lock_action.trigger()  # before the pause that would have saved it

    assert window.database is None
    assert page.record is None and page.name.text() == ""
    assert window.current_section() != "record"
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.database is not None)
    db = window.database
    assert db is not None
    from linkworker.store.record import read_record

    about = read_record(db, person_id).about_me
    assert about is not None and about["wellness"] == "Mornings are hardest", "nothing lost"

"""First run: choosing the passphrase, told plainly how the key will be kept."""

from __future__ import annotations

from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from linkworker.paths import Paths
from linkworker.store.vault import Vault
from linkworker.ui.passphrase_dialogs import CreatePassphraseDialog
from linkworker.ui.startup import Startup
from tests.ui.conftest import (
    PASSPHRASE,
    Ended,
    click,
    create_through_first_run,
    type_text,
    wait_active,
)


def open_first_run(qtbot: QtBot, startup: Startup) -> CreatePassphraseDialog:
    startup.start()
    dialog = startup.dialog
    assert isinstance(dialog, CreatePassphraseDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_first_run_says_the_key_is_kept_in_the_keyring(qtbot: QtBot, startup: Startup) -> None:
    dialog = open_first_run(qtbot, startup)
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.repeat.echoMode() == QLineEdit.EchoMode.Password
    assert "kept in this computer's keyring" in dialog.intro.text()
    assert "not need to type the passphrase each day" in dialog.intro.text()
    assert "no secure keyring" not in dialog.intro.text()


def test_without_a_secure_keyring_it_is_passphrase_only(
    qtbot: QtBot, fail_keyring: fail.Keyring, startup: Startup
) -> None:
    window = create_through_first_run(qtbot, startup, PASSPHRASE)
    assert window.lock_label.text() == "Unlocked · passphrase only (no secure keyring)"


def test_first_run_dialog_wording_without_a_secure_keyring(
    qtbot: QtBot, paths: Paths, fail_keyring: fail.Keyring, startup: Startup
) -> None:
    dialog = open_first_run(qtbot, startup)
    text = dialog.intro.text()
    assert "This computer has no secure keyring" in text
    assert "type it each time you open Linkworker" in text


def test_a_short_or_mistyped_passphrase_is_explained_under_the_field(
    qtbot: QtBot, startup: Startup, paths: Paths
) -> None:
    dialog = open_first_run(qtbot, startup)

    type_text(qtbot, dialog.passphrase, "short")
    type_text(qtbot, dialog.repeat, "short")
    click(qtbot, dialog.ok_button)
    assert dialog.passphrase_error.isVisible()
    assert dialog.passphrase_error.text() == "Use a passphrase of at least 10 characters."
    assert dialog.passphrase.accessibleDescription() == dialog.passphrase_error.text()
    assert dialog.isVisible()

    type_text(qtbot, dialog.passphrase, PASSPHRASE)
    type_text(qtbot, dialog.repeat, PASSPHRASE + " and a bit")
    click(qtbot, dialog.ok_button)
    assert not dialog.passphrase_error.isVisible()
    assert dialog.repeat_error.isVisible()
    assert "two passphrases are different" in dialog.repeat_error.text()
    assert not Vault(paths).is_set_up(), "nothing is created until both agree"

    type_text(qtbot, dialog.repeat, PASSPHRASE)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: startup.window is not None)
    assert Vault(paths).is_set_up()


def test_quit_on_the_first_run_dialog_ends_the_app_and_creates_nothing(
    qtbot: QtBot, startup: Startup, ended: Ended, paths: Paths
) -> None:
    dialog = open_first_run(qtbot, startup)
    type_text(qtbot, dialog.passphrase, PASSPHRASE)
    click(qtbot, dialog.cancel_button)
    assert ended.codes == [0]
    assert startup.window is None
    assert not paths.database.exists()


def test_typing_straight_away_goes_into_the_passphrase_then_tab_to_the_next(
    qtbot: QtBot, startup: Startup
) -> None:
    dialog = open_first_run(qtbot, startup)
    wait_active(qtbot, dialog)
    assert dialog.focusWidget() is dialog.passphrase
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.repeat
    qtbot.keyClicks(dialog.repeat, PASSPHRASE)
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: startup.window is not None)

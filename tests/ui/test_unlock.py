"""Later runs: the keyring opens the app silently, or the passphrase is asked, kindly."""

from __future__ import annotations

import pytest
from keyring.backends import fail
from pytestqt.qtbot import QtBot

from linkworker.paths import Paths
from linkworker.store.errors import DatabaseTooNew
from linkworker.store.vault import Vault
from linkworker.ui.errors import Notifier
from linkworker.ui.passphrase_dialogs import RecoveryPassphraseDialog, UnlockDialog
from linkworker.ui.startup import Startup
from tests.support.keyrings import MemoryKeyring
from tests.ui.conftest import PASSPHRASE, Ended, box_text, click, type_text


@pytest.fixture
def set_up(paths: Paths) -> Paths:
    """A database made on an earlier day (with whichever keyring the test selected)."""
    Vault(paths).create(PASSPHRASE).close()
    return paths


def open_unlock(qtbot: QtBot, startup: Startup) -> UnlockDialog:
    startup.start()
    dialog = startup.dialog
    assert isinstance(dialog, UnlockDialog), "the passphrase is asked"
    qtbot.waitExposed(dialog)
    return dialog


def test_the_keyring_opens_the_app_without_asking(
    qtbot: QtBot, set_up: Paths, startup: Startup
) -> None:
    startup.start()
    assert startup.dialog is None
    window = startup.window
    assert window is not None and window.isVisible()
    assert window.database is not None
    assert window.lock_label.text() == "Unlocked · key in keyring"


def test_a_wrong_passphrase_is_explained_and_can_be_retried(
    qtbot: QtBot, fail_keyring: fail.Keyring, set_up: Paths, startup: Startup
) -> None:
    dialog = open_unlock(qtbot, startup)
    assert "no secure keyring" in dialog.intro.text()

    type_text(qtbot, dialog.passphrase, "a walk by the river on Mondays")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert "That passphrase does not unlock this database." in dialog.error.text()
    assert dialog.passphrase.text() == "", "cleared, ready to type again"
    assert startup.window is None

    type_text(qtbot, dialog.passphrase, PASSPHRASE)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: startup.window is not None)
    assert startup.window is not None and startup.window.database is not None


def test_quit_on_the_unlock_dialog_ends_the_app(
    qtbot: QtBot, fail_keyring: fail.Keyring, set_up: Paths, startup: Startup, ended: Ended
) -> None:
    dialog = open_unlock(qtbot, startup)
    assert dialog.cancel_button.text() == "Quit"
    click(qtbot, dialog.cancel_button)
    assert ended.codes == [0]
    assert startup.window is None


def test_a_keyring_that_lost_the_key_gets_it_back_and_says_so(
    qtbot: QtBot,
    set_up: Paths,
    memory_keyring: MemoryKeyring,
    startup: Startup,
    notifier: Notifier,
) -> None:
    memory_keyring.secrets.clear()
    dialog = open_unlock(qtbot, startup)
    assert "not found in this computer's keyring" in dialog.intro.text()
    type_text(qtbot, dialog.passphrase, PASSPHRASE)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: startup.window is not None)

    assert len(notifier.open_boxes) == 1
    assert "keyring had lost the key" in box_text(notifier.open_boxes[0])
    assert memory_keyring.secrets, "the key is back in the keyring"


def test_a_missing_recovery_copy_asks_for_a_passphrase_to_make_one(
    qtbot: QtBot, set_up: Paths, startup: Startup, paths: Paths
) -> None:
    paths.key_file.unlink()
    startup.start()
    window = startup.window
    assert window is not None, "the keyring still opens the app"
    dialog = window.recovery_dialog
    assert isinstance(dialog, RecoveryPassphraseDialog)
    qtbot.waitExposed(dialog)
    assert str(paths.key_file) in dialog.intro.text()

    new = "a new recovery passphrase"
    type_text(qtbot, dialog.passphrase, new)
    type_text(qtbot, dialog.repeat, new)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: window.recovery_dialog is None)
    assert paths.key_file.exists()
    Vault(paths).unlock_with_passphrase(new).close()


def test_a_missing_key_file_is_explained_and_nothing_is_deleted(
    qtbot: QtBot,
    fail_keyring: fail.Keyring,
    set_up: Paths,
    startup: Startup,
    notifier: Notifier,
    ended: Ended,
    paths: Paths,
) -> None:
    paths.key_file.unlink()
    size = paths.database.stat().st_size
    startup.start()
    assert startup.window is None and startup.dialog is None
    [box] = notifier.open_boxes
    assert box.windowTitle() == "Cannot unlock"
    assert "key file" in box.text() and "is missing" in box.text()
    assert "Restore the key file from your backup" in box.informativeText()
    assert ended.codes == [], "the app waits until the message is read"

    box.accept()
    assert ended.codes == [1]
    assert paths.database.stat().st_size == size


def test_a_damaged_key_file_is_shown_with_its_advice(
    qtbot: QtBot,
    fail_keyring: fail.Keyring,
    set_up: Paths,
    startup: Startup,
    notifier: Notifier,
    paths: Paths,
) -> None:
    paths.key_file.write_text("this is not a key file")
    dialog = open_unlock(qtbot, startup)
    type_text(qtbot, dialog.passphrase, PASSPHRASE)
    click(qtbot, dialog.ok_button)
    [box] = notifier.open_boxes
    assert box.windowTitle() == "Cannot unlock"
    assert "is damaged" in box.text()
    assert "Restore it from your backup" in box.informativeText()
    assert dialog.isVisible(), "once the file is restored they can try again"
    assert paths.key_file.read_text() == "this is not a key file"
    assert paths.database.exists()


def test_a_missing_database_is_not_quietly_replaced(
    qtbot: QtBot,
    fail_keyring: fail.Keyring,
    set_up: Paths,
    startup: Startup,
    notifier: Notifier,
    paths: Paths,
) -> None:
    for suffix in ("", "-wal", "-shm"):
        paths.database.with_name(paths.database.name + suffix).unlink(missing_ok=True)
    startup.start()
    [box] = notifier.open_boxes
    assert "is missing" in box.text()
    assert not paths.database.exists()
    assert paths.key_file.exists()


def test_a_database_newer_than_the_app_is_refused_with_its_reason(
    qtbot: QtBot,
    set_up: Paths,
    startup: Startup,
    notifier: Notifier,
    ended: Ended,
    paths: Paths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def too_new(_vault: Vault) -> None:
        raise DatabaseTooNew("9999_future")

    monkeypatch.setattr(Vault, "unlock_with_keyring", too_new)
    startup.start()
    [box] = notifier.open_boxes
    assert box.windowTitle() == "Database is newer than this app"
    assert "newer version of Linkworker" in box.text()
    assert "Install the latest version" in box.informativeText()
    box.accept()
    assert ended.codes == [1]
    assert startup.window is None
    assert paths.database.exists() and paths.key_file.exists()

"""The main window: sections, status bar, menus, shortcuts, settings kept, accessible names."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from linkworker.paths import Paths
from linkworker.store.vault import Vault
from linkworker.ui.errors import Notifier
from linkworker.ui.main_window import MainWindow
from linkworker.ui.passphrase_dialogs import ChangePassphraseDialog
from linkworker.ui.settings import AppSettings
from tests.ui.conftest import PASSPHRASE, box_text, click, type_text, visible_text


def test_the_status_bar_shows_the_lock_and_sync_state(window: MainWindow) -> None:
    assert window.sync_label.text() == "Not connected to a server"
    assert window.sync_label.isVisible()
    assert window.lock_label.text() == "Unlocked · key in keyring"
    assert window.lock_label.isVisible()


def test_sections_are_listed_and_the_unbuilt_ones_say_so_honestly(
    qtbot: QtBot, window: MainWindow
) -> None:
    nav = window.navigation
    titles = [nav.item(i).text() for i in range(nav.count()) if not nav.item(i).isHidden()]
    assert titles == ["Today", "Caseload", "Directory", "Reports"], "Conflicts only when some"

    nav.setCurrentRow(2)
    page = window.pages.currentWidget()
    assert page is window.directory
    assert "The directory on this laptop is empty." in visible_text(page)
    nav.setCurrentRow(3)
    assert "arrive in a later version" in visible_text(window.pages.currentWidget())
    nav.setCurrentRow(0)
    assert "No one is waiting for first contact." in visible_text(window.pages.currentWidget())
    nav.setCurrentRow(1)
    assert window.pages.currentWidget() is window.caseload


def test_menus_and_shortcuts(window: MainWindow) -> None:
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    assert list(menus) == ["File", "Edit", "Sync", "Settings", "Help"]
    file_items = [a.text().replace("&", "") for a in menus["File"].actions() if a.text()]
    assert file_items == [
        "New referral…", "New person…", "Load a fictional caseload…", "Change passphrase…",
        "Lock", "Quit",
    ]  # fmt: skip
    edit_items = [a.text().replace("&", "") for a in menus["Edit"].actions()]
    assert edit_items == ["Undo", "Redo"]
    sync_items = [a.text().replace("&", "") for a in menus["Sync"].actions()]
    assert sync_items == ["Sync now", "Conflicts"]
    settings_items = [a.text().replace("&", "") for a in menus["Settings"].actions()]
    assert settings_items == ["Auto-lock…", "Connect to server…"]
    assert [a.text().replace("&", "") for a in menus["Help"].actions()] == ["About Linkworker"]
    assert window.new_referral_action.shortcut().toString() == "Ctrl+N"
    assert window.new_person_action.shortcut().toString() == "Ctrl+Shift+N"
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    assert window.quit_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
    assert window.sync_now_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Refresh)
    assert not window.sync_now_action.isEnabled(), "nothing to sync with until connected"


def test_ctrl_n_opens_a_new_referral_and_ctrl_shift_n_a_new_person(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_section("today")
    qtbot.keyClick(window.navigation, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.referral_dialog is not None
    window.referral_dialog.reject()
    both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.navigation, Qt.Key.Key_N, both)
    assert window.person_dialog is not None
    assert window.current_section() == "caseload"


def test_window_size_and_section_are_remembered(
    qtbot: QtBot, window: MainWindow, paths: Paths, notifier: Notifier
) -> None:
    window.resize(760, 520)
    window.show_section("reports")
    window.close()
    assert paths.settings_file.exists()

    again = MainWindow(paths, AppSettings(paths), notifier)
    qtbot.addWidget(again)
    assert (again.size().width(), again.size().height()) == (760, 520)
    assert again.current_section() == "reports"


def test_every_control_has_an_accessible_name(qtbot: QtBot, window: MainWindow) -> None:
    click(qtbot, window.caseload.new_person_button)
    assert window.person_dialog is not None
    window.change_passphrase_action.setEnabled(True)

    def controls(root: QWidget) -> list[QWidget]:
        kinds = (QAbstractButton, QLineEdit, QAbstractItemView, QAbstractSpinBox)
        found = [w for w in root.findChildren(QWidget) if isinstance(w, kinds)]
        # The line edit inside a spin box is part of the spin box, which is named.
        return [w for w in found if not isinstance(w.parent(), QAbstractSpinBox)]

    unnamed = [
        f"{type(w).__name__} {w.objectName() or ''}".strip()
        for w in controls(window)
        if not w.accessibleName()
        and w.isVisibleTo(w.window())
        and not w.window().inherits("QComboBoxPrivateContainer")  # a list's closed popup
    ]
    assert unnamed == []


def test_change_passphrase_explains_mistakes_then_changes_it(
    qtbot: QtBot, window: MainWindow, paths: Paths, notifier: Notifier
) -> None:
    window.change_passphrase_action.trigger()
    dialog = window.change_passphrase_dialog
    assert isinstance(dialog, ChangePassphraseDialog)
    qtbot.waitExposed(dialog)
    new = "the bus to Harehills at ten"

    type_text(qtbot, dialog.old, "not my passphrase at all")
    type_text(qtbot, dialog.new, new)
    type_text(qtbot, dialog.repeat, new)
    click(qtbot, dialog.ok_button)
    assert "does not unlock" in dialog.old_error.text()
    assert dialog.isVisible()

    type_text(qtbot, dialog.old, PASSPHRASE)
    type_text(qtbot, dialog.new, new)
    type_text(qtbot, dialog.repeat, "the bus to Harehills at two")
    click(qtbot, dialog.ok_button)
    assert "different" in dialog.repeat_error.text()
    assert not dialog.old_error.isVisible()

    type_text(qtbot, dialog.new, "short")
    type_text(qtbot, dialog.repeat, "short")
    click(qtbot, dialog.ok_button)
    assert "at least 10 characters" in dialog.new_error.text()

    type_text(qtbot, dialog.old, PASSPHRASE)
    type_text(qtbot, dialog.new, new)
    type_text(qtbot, dialog.repeat, new)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: window.change_passphrase_dialog is None)
    assert "Passphrase changed" in box_text(notifier.open_boxes[-1])
    Vault(paths).unlock_with_passphrase(new).close()


def test_about_opens_without_blocking(window: MainWindow, notifier: Notifier) -> None:
    window.about_action.trigger()
    box = notifier.open_boxes[-1]
    assert box.windowTitle() == "About Linkworker"
    assert "never holds personal data" in box.informativeText()


def test_locked_window_offers_only_quit_and_about(window: MainWindow) -> None:
    window.lock_action.trigger()
    assert not window.new_person_action.isEnabled()
    assert not window.change_passphrase_action.isEnabled()
    assert not window.lock_action.isEnabled()
    assert not window.auto_lock_action.isEnabled()
    assert window.quit_action.isEnabled()
    assert window.about_action.isEnabled()
    assert not window.content.isVisible()
    assert QRect() != window.locked_page.geometry()

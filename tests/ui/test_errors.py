"""Faults are explained; our bugs are logged without details; names never reach the log."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from linkworker.paths import Paths
from linkworker.store.errors import DiskFull
from linkworker.ui.errors import Notifier, excepthook_installed, gui_excepthook
from linkworker.ui.main_window import MainWindow
from linkworker.ui.person_dialog import PersonDialog
from linkworker.ui.startup import Startup
from tests.ui.conftest import (
    PASSPHRASE,
    box_text,
    click,
    create_through_first_run,
    fill_the_disk,
    type_text,
)

UNUSUAL_GIVEN = "Zebedee"
UNUSUAL_FAMILY = "Quixote-Farquharson"


def everything_logged(paths: Paths) -> str:
    return "\n".join(
        f.read_text(encoding="utf-8", errors="replace")
        for f in sorted(Path(paths.log_dir).rglob("*"))
        if f.is_file()
    )


def raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


def test_an_environment_fault_reaching_the_hook_is_explained(
    qtbot: QtBot, notifier: Notifier
) -> None:
    fault = DiskFull("The disk is full.")
    gui_excepthook(notifier)(DiskFull, fault, None)
    [box] = notifier.open_boxes
    assert box.windowTitle() == "Disk full"
    assert box.text() == "The disk is full."
    assert box.informativeText() == DiskFull.advice


def test_an_unexpected_error_is_logged_without_its_message(
    qtbot: QtBot, app_log: Paths, notifier: Notifier
) -> None:
    exc = raised(ValueError(f"could not save {UNUSUAL_GIVEN} {UNUSUAL_FAMILY}"))
    gui_excepthook(notifier)(ValueError, exc, exc.__traceback__)

    logged = everything_logged(app_log)
    assert "unexpected error" in logged
    assert "ValueError (message withheld)" in logged
    assert UNUSUAL_FAMILY not in logged
    [box] = notifier.open_boxes
    shown = box_text(box)
    assert "Something unexpected went wrong" in shown
    assert str(app_log.log_file) in shown
    assert UNUSUAL_FAMILY not in shown


def test_repeated_errors_do_not_stack_boxes(
    qtbot: QtBot, app_log: Paths, notifier: Notifier
) -> None:
    hook = gui_excepthook(notifier)
    for _ in range(3):
        exc = raised(RuntimeError("again"))
        hook(RuntimeError, exc, exc.__traceback__)
    assert len(notifier.open_boxes) == 1
    notifier.open_boxes[0].accept()
    exc = raised(RuntimeError("later"))
    hook(RuntimeError, exc, exc.__traceback__)
    assert len(notifier.open_boxes) == 1


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_reaches_the_hook(
    qtbot: QtBot, app_log: Paths, notifier: Notifier
) -> None:
    def broken_slot() -> None:
        raise KeyError(UNUSUAL_FAMILY)

    with excepthook_installed(gui_excepthook(notifier)):
        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: len(notifier.open_boxes) == 1)
    assert sys.excepthook is not None
    assert "KeyError (message withheld)" in everything_logged(app_log)
    assert UNUSUAL_FAMILY not in everything_logged(app_log)


def save_on_a_full_disk(qtbot: QtBot, window: MainWindow) -> PersonDialog:
    """Fill the disk, then try to save Ann Smith through New person…; returns the form."""
    assert window.database is not None
    fill_the_disk(window.database)
    click(qtbot, window.caseload.new_person_button)
    dialog = window.person_dialog
    assert dialog is not None
    type_text(qtbot, dialog.fields["given_name"], "Ann")
    type_text(qtbot, dialog.fields["family_name"], "Smith")
    click(qtbot, dialog.save_button)
    return dialog


def test_a_full_disk_on_save_is_explained_and_the_form_kept(
    qtbot: QtBot, window: MainWindow, notifier: Notifier
) -> None:
    dialog = save_on_a_full_disk(qtbot, window)

    [box] = notifier.open_boxes
    assert box.windowTitle() == "Disk full"
    assert "Free some disk space" in box.informativeText()
    assert dialog.isVisible()
    assert dialog.values()["family_name"] == "Smith"


def test_a_name_typed_through_the_app_never_reaches_the_log(
    qtbot: QtBot, app_log: Paths, startup: Startup, notifier: Notifier
) -> None:
    window = create_through_first_run(qtbot, startup, PASSPHRASE)

    # Typed with a mistake, then corrected and saved.
    click(qtbot, window.caseload.new_person_button)
    dialog = window.person_dialog
    assert dialog is not None
    type_text(qtbot, dialog.fields["given_name"], UNUSUAL_GIVEN)
    type_text(qtbot, dialog.fields["family_name"], UNUSUAL_FAMILY)
    type_text(qtbot, dialog.fields["date_of_birth"], "31/31/1999")
    click(qtbot, dialog.save_button)
    type_text(qtbot, dialog.fields["date_of_birth"], "01/12/1999")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: window.person_dialog is None)

    # Searched for, locked, a wrong passphrase, unlocked, and an unexpected error naming them.
    type_text(qtbot, window.caseload.search, UNUSUAL_FAMILY[:6])
    window.lock_action.trigger()
    unlock = window.unlock_dialog
    assert unlock is not None
    type_text(qtbot, unlock.passphrase, UNUSUAL_FAMILY + " wrong")
    click(qtbot, unlock.ok_button)
    type_text(qtbot, unlock.passphrase, PASSPHRASE)
    click(qtbot, unlock.ok_button)
    qtbot.waitUntil(lambda: window.database is not None)
    exc = raised(RuntimeError(f"{UNUSUAL_GIVEN} {UNUSUAL_FAMILY}"))
    gui_excepthook(notifier)(RuntimeError, exc, exc.__traceback__)
    window.close()

    logged = everything_logged(app_log)
    assert "person added" in logged and "locked" in logged, "the log was written"
    assert UNUSUAL_GIVEN not in logged
    assert UNUSUAL_FAMILY not in logged
    assert UNUSUAL_FAMILY[:6] not in logged
    assert PASSPHRASE not in logged


def test_a_box_over_a_form_goes_with_the_form_when_the_app_locks(
    qtbot: QtBot, window: MainWindow, notifier: Notifier
) -> None:
    save_on_a_full_disk(qtbot, window)
    assert len(notifier.open_boxes) == 1

    window.lock_action.trigger()
    qtbot.waitUntil(lambda: notifier.open_boxes == [])
    assert window.unlock_dialog is not None

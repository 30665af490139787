"""The story the desktop app must tell from end to end, driven through real widgets."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from linkworker.paths import Paths
from linkworker.store.people import count_people
from linkworker.ui.caseload_model import NAME, NHS_NUMBER
from linkworker.ui.person_dialog import PersonDialog
from linkworker.ui.startup import Startup
from tests.ui.conftest import PASSPHRASE, click, create_through_first_run, type_text


def test_first_run_add_a_person_lock_and_unlock(
    qtbot: QtBot, startup: Startup, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    # First run: the worker chooses a passphrase and the main window opens on the caseload.
    window = create_through_first_run(qtbot, startup, PASSPHRASE)
    assert window.database is not None
    assert window.current_section() == "caseload"
    table = window.caseload.table
    assert table.model().rowCount() == 0

    # They add someone but mistype the NHS number: told so under the field, nothing saved.
    click(qtbot, window.caseload.new_person_button)
    dialog = window.person_dialog
    assert isinstance(dialog, PersonDialog)
    qtbot.waitExposed(dialog)
    type_text(qtbot, dialog.fields["given_name"], "Margaret")
    type_text(qtbot, dialog.fields["family_name"], "Okonkwo-Baines")
    type_text(qtbot, dialog.fields["nhs_number"], "943 476 5918")
    type_text(qtbot, dialog.fields["date_of_birth"], "04/09/1961")
    type_text(qtbot, dialog.fields["postcode"], "ls1 4ap")
    click(qtbot, dialog.save_button)

    error = dialog.errors["nhs_number"]
    assert error.isVisible()
    assert "not a valid NHS number" in error.text()
    assert dialog.fields["nhs_number"].accessibleDescription() == error.text()
    assert not dialog.errors["given_name"].isVisible()
    assert dialog.isVisible(), "the dialog stays open"
    assert dialog.fields["given_name"].text() == "Margaret", "what was typed is kept"
    assert window.database is not None
    assert count_people(window.database) == 0

    # They correct it and save: the dialog closes and the person is in the caseload, selected.
    type_text(qtbot, dialog.fields["nhs_number"], "943 476 5919")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: window.person_dialog is None)
    assert table.model().rowCount() == 1
    assert table.model().index(0, NAME).data() == "Okonkwo-Baines, Margaret"
    assert table.model().index(0, NHS_NUMBER).data() == "943 476 5919"
    assert table.selectionModel().isRowSelected(0)

    # Ctrl+L locks: the engine is disposed, the table is empty, the passphrase is asked.
    database = window.database
    disposed: list[bool] = []
    dispose = database.engine.dispose

    def spy(*args: Any, **kwargs: Any) -> None:
        disposed.append(True)
        dispose(*args, **kwargs)

    monkeypatch.setattr(database.engine, "dispose", spy)
    qtbot.keyClick(table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert disposed == [True]
    assert database.closed
    assert window.database is None
    assert table.model().rowCount() == 0
    assert window.caseload.model.rowCount() == 0
    assert window.root.currentWidget() is window.locked_page
    assert window.lock_label.text() == "Locked"

    # They type the passphrase: everything is read again and Margaret is back.
    unlock = window.unlock_dialog
    assert unlock is not None
    qtbot.waitExposed(unlock)
    type_text(qtbot, unlock.passphrase, PASSPHRASE)
    click(qtbot, unlock.ok_button)
    qtbot.waitUntil(lambda: window.database is not None)
    assert window.root.currentWidget() is window.content
    assert table.model().rowCount() == 1
    assert table.model().index(0, NAME).data() == "Okonkwo-Baines, Margaret"

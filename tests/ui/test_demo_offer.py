"""A new user tries Linkworker with made-up people: offered while the caseload is empty, never
mixed into a real one."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from linkworker.store.people import count_people
from linkworker.ui.main_window import MainWindow
from tests.ui.conftest import add_through_dialog, click


def test_an_empty_caseload_offers_a_fictional_one_and_loads_it_when_asked(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = window.caseload
    assert view.demo_button.isVisible()
    click(qtbot, view.demo_button)
    box = window.demo_box
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    assert "None of them is real" in box.text()
    assert "will sync to your team" in box.informativeText()

    cancel = next(b for b in box.buttons() if b.text() == "Cancel")
    click(qtbot, cancel)
    qtbot.waitUntil(lambda: window.demo_box is None)
    assert window.database is not None
    assert count_people(window.database) == 0, "Cancel loads nothing"

    click(qtbot, view.demo_button)
    box = window.demo_box
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    load = next(b for b in box.buttons() if b.text() == "Load fictional people")
    click(qtbot, load)
    qtbot.waitUntil(lambda: len(view.model.rows) >= 40)
    assert count_people(window.database) == len(view.model.rows)
    assert not view.demo_button.isVisible()
    assert window.today.first_contact.texts(), "Today has work in it"


def test_a_caseload_with_real_people_is_never_offered_made_up_ones(
    qtbot: QtBot, window: MainWindow
) -> None:
    add_through_dialog(qtbot, window, given_name="Ann", family_name="Hale")
    assert not window.caseload.demo_button.isVisible()
    window.demo_action.trigger()  # File › Load a fictional caseload…
    assert window.demo_box is None
    box = window.notifier.open_boxes[-1]
    assert "Your caseload is not empty" in box.windowTitle()
    assert window.database is not None
    assert count_people(window.database) == 1

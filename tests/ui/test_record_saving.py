"""Nothing typed into a record is lost: not on Back, not on locking, not when another field is
saved; a refused value stays on screen with its reason; locking leaves nothing personal shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from linkworker.store.record import read_record
from linkworker.ui.main_window import MainWindow
from tests.ui.conftest import add_through_dialog, click, type_text


def open_ann(qtbot: QtBot, window: MainWindow) -> str:
    add_through_dialog(qtbot, window, given_name="Ann", family_name="Hale")
    person_id = window.caseload.model.rows[0].person_id
    window.open_person(person_id)
    return person_id


def line(form: object, name: str) -> QLineEdit:
    widget = form.editors[name]  # type: ignore[attr-defined]
    assert isinstance(widget, QLineEdit)
    return widget


def test_a_line_still_being_typed_is_saved_on_back(qtbot: QtBot, window: MainWindow) -> None:
    person_id = open_ann(qtbot, window)
    page = window.record
    town = line(page.summary.forms[1], "town")
    type_text(qtbot, town, "Millbrook")  # no Enter, no Tab: straight to Back
    click(qtbot, page.back_button)
    assert window.database is not None
    assert read_record(window.database, person_id).person["town"] == "Millbrook"


def test_a_refused_value_stays_with_its_reason_while_other_fields_are_saved(
    qtbot: QtBot, window: MainWindow
) -> None:
    person_id = open_ann(qtbot, window)
    form = window.record.summary.forms[1]
    phone = line(form, "phone")
    type_text(qtbot, phone, "0800 123")
    qtbot.keyClick(phone, Qt.Key.Key_Return)
    message = form.message("phone")
    assert message, "the phone number is refused"
    town = line(form, "town")
    type_text(qtbot, town, "Millbrook")
    qtbot.keyClick(town, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.database is not None and read_record(
        window.database, person_id).person["town"] == "Millbrook")  # fmt: skip
    qtbot.wait(50)  # the record is read again after the save
    assert phone.text() == "0800 123" and form.message("phone") == message
    assert read_record(window.database, person_id).person["phone"] is None


def test_locking_saves_what_was_typed_then_shows_nothing_of_the_record(
    qtbot: QtBot, window: MainWindow
) -> None:
    person_id = open_ann(qtbot, window)
    page = window.record
    page.tabs.setCurrentWidget(page.plan)
    click(qtbot, page.plan.start_button)
    agreed = line(page.plan.plan_form, "agreed_with")
    qtbot.waitUntil(agreed.isVisible)
    type_text(qtbot, agreed, "Ann and her daughter")
    window.lock_action.trigger()
    assert window.database is None
    shown = [w.text() for w in page.findChildren(QLineEdit)]
    shown += [w.toPlainText() for w in page.findChildren(QPlainTextEdit)]
    assert not any(("Ann" in text or "Hale" in text) for text in shown), shown
    from tests.ui.test_locking import unlock

    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.database is not None)
    plan = read_record(window.database, person_id).plan  # type: ignore[arg-type]
    assert plan is not None and plan["agreed_with"] == "Ann and her daughter"

"""Two laptops change the same guarded detail before they sync: the worker sees both values, who
set each and when, and chooses; the choice syncs like any edit and both laptops agree."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot
from sqlmodel import select

from linkworker.store.tables import AuditEvent, Conflict, Person
from linkworker.ui.conflicts_data import BOOL, LONG_TEXT, NHS_NUMBER, Choice, ConflictItem
from linkworker.ui.conflicts_view import ConflictsPage, MergedEditor
from linkworker.ui.main_window import CONFLICTS, MainWindow
from linkworker.ui.startup import Startup
from tests.ui.conftest import (
    add_through_dialog,
    click,
    connect_through_dialog,
    type_text,
    visible_text,
    wait_up_to_date,
)

ALICE_NOTE = "Lives alone since March; gas was cut off. Visit in pairs."
BOB_NOTE = "Brother now visits daily; no concerns at the last visit."


def person_id(window: MainWindow, given: str) -> str:
    assert window.database is not None
    with window.database.reading() as s:
        row = s.exec(select(Person).where(Person.given_name == given)).one()
        return row.id


def edit_on_this_laptop(window: MainWindow, pid: str, **changes: Any) -> None:
    """An edit saved on Alice's laptop (the person form does not edit these fields yet)."""
    assert window.database is not None
    with window.database.transaction() as s:
        row = s.get(Person, pid)
        assert row is not None
        for name, value in changes.items():
            setattr(row, name, value)
    window.sync.changed()


def make_conflict(
    qtbot: QtBot, window: MainWindow, colleague: Any, **fields: tuple[Any, Any]
) -> str:
    """Ann Smith on both laptops; then each laptop sets the fields its own way and syncs,
    Alice first. Returns Ann's id once Alice's laptop has the conflict."""
    add_through_dialog(qtbot, window, given_name="Ann", family_name="Smith")
    wait_up_to_date(qtbot, window)
    pid = person_id(window, "Ann")
    colleague.sync()
    edit_on_this_laptop(window, pid, **{k: alice for k, (alice, _bob) in fields.items()})
    qtbot.waitUntil(lambda: window.sync.busy, timeout=10_000)
    wait_up_to_date(qtbot, window)
    colleague.edit(Person, pid, **{k: bob for k, (_alice, bob) in fields.items()})
    colleague.sync()
    window.sync_now_action.trigger()
    qtbot.waitUntil(lambda: window.conflicts_link.isVisible(), timeout=30_000)
    return pid


def test_keep_this_settles_a_conflict_on_both_laptops(
    qtbot: QtBot, window: MainWindow, org: Any, colleague: Any
) -> None:
    connect_through_dialog(qtbot, window, org.url)
    pid = make_conflict(qtbot, window, colleague, risk_notes=(ALICE_NOTE, BOB_NOTE))
    assert colleague.counts().conflicts == 1, "Bob's laptop has it too"

    # The status bar and Today both say so; the Conflicts section appears in the list.
    assert window.conflicts_link.text() == "1 conflict needs you"
    assert window.conflicts_link.accessibleName() == "Conflicts that need you"
    window.show_section("today")
    panel = window.today.conflicts
    assert panel.isVisible()
    assert "1 conflict needs you." in panel.count.text()
    assert "Ann Smith · Risk and safeguarding notes" in panel.names.text()
    assert "No one is waiting for first contact." in visible_text(window.today), "Today stays"
    nav = window.navigation
    assert nav.item(nav.count() - 1).text() == "Conflicts (1)"
    assert not nav.item(nav.count() - 1).isHidden()

    # She opens it from the status bar: the record, the detail, and both values side by side.
    click(qtbot, window.conflicts_link)
    assert window.current_section() == CONFLICTS
    page = window.conflicts
    assert isinstance(page, ConflictsPage)
    assert page.list.count() == 1
    assert page.subject.text() == "Ann Smith"
    assert page.field.text() == "Risk and safeguarding notes"
    assert "Changed on 2 laptops" in page.explain.text()
    cards = page.cards
    assert [c.value.text() for c in cards] == [BOB_NOTE, ALICE_NOTE], "latest first"
    assert [c.who.text() for c in cards] == ["Bob Brown", "This laptop"]
    for card in cards:  # the local time, read off each edit's clock stamp
        assert re.fullmatch(r"Changed today at \d\d:\d\d", card.when.text()), card.when.text()
    assert "bob-laptop" in cards[0].who.toolTip()
    assert cards[0].keep_button.accessibleName() == "Keep the value from Bob Brown"

    # She keeps Bob's note: the conflict goes at once, and the choice syncs.
    click(qtbot, cards[0].keep_button)
    assert page.list.count() == 0
    assert page.empty.isVisible()
    assert not window.conflicts_link.isVisible()
    assert not window.today.conflicts.isVisible()
    wait_up_to_date(qtbot, window)
    assert window.database is not None
    with window.database.reading() as s:
        assert s.get(Person, pid).risk_notes == BOB_NOTE  # type: ignore[union-attr]
        assert s.exec(select(Conflict)).all() == []
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "resolved conflict")).all()
    assert [(e.entity, e.entity_id) for e in events] == [("person", pid)]
    assert all(BOB_NOTE not in (e.detail or "") for e in events), "ids only, never values"

    # Bob's laptop syncs: the server cleared it for everyone, and both laptops agree.
    colleague.sync()
    assert colleague.counts().conflicts == 0
    assert colleague.get(Person, pid).risk_notes == BOB_NOTE
    assert org.conflicted("person") == {}
    assert org.records("person")[pid]["risk_notes"] == BOB_NOTE
    window.sync_now_action.trigger()
    wait_up_to_date(qtbot, window)
    assert window.conflicts.list.count() == 0
    assert nav.item(nav.count() - 1).isHidden() is False, "still shown while it is open"
    window.show_section("caseload")
    assert nav.item(nav.count() - 1).isHidden()


def test_a_merged_value_is_checked_then_saved_and_synced(
    qtbot: QtBot, window: MainWindow, org: Any, colleague: Any
) -> None:
    connect_through_dialog(qtbot, window, org.url)
    pid = make_conflict(
        qtbot,
        window,
        colleague,
        date_of_birth=(dt.date(1961, 9, 4), dt.date(1961, 4, 9)),
        key_worker_id=(org.alice, org.bob),
    )
    qtbot.waitUntil(lambda: window.conflicts_link.text() == "2 conflicts need you")

    # From Today this time.
    window.show_section("today")
    click(qtbot, window.today.conflicts.open_button)
    page = window.conflicts
    assert window.current_section() == CONFLICTS
    titles = sorted(page.list.item(i).toolTip() for i in range(page.list.count()))
    assert titles == ["Ann Smith · Date of birth", "Ann Smith · Key worker"]
    select_conflict(page, "Date of birth")
    assert [c.value.text() for c in page.cards] == ["09/04/1961", "04/09/1961"]

    # Neither is right: she writes the date the person gave today. A wrong date is explained.
    click(qtbot, page.merge_button)
    editor = page.merged
    assert editor is not None
    assert editor.editor.accessibleName() == "Merged value for Date of birth"
    assert isinstance(editor.editor, QLineEdit)
    assert editor.editor.text() == "09/04/1961", "starts from the latest value"
    type_text(qtbot, editor.editor, "31/02/1961")
    window.reload_conflicts()  # as after a background sync: what she is typing stays
    assert page.merged is editor and editor.editor.text() == "31/02/1961"
    click(qtbot, editor.save_button)
    assert editor.error.isVisible()
    assert "no such date" in editor.error.text()
    assert page.list.count() == 2
    type_text(qtbot, editor.editor, "14/09/1961")
    click(qtbot, editor.save_button)
    qtbot.waitUntil(lambda: page.list.count() == 1)
    assert window.conflicts_link.text() == "1 conflict needs you"

    # The key worker: the names, and a list of the team's workers to choose from.
    assert page.field.text() == "Key worker"
    assert [c.value.text() for c in page.cards] == ["Bob Brown", "Alice Adams"]
    click(qtbot, page.merge_button)
    assert page.merged is not None
    combo = page.merged.editor
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "(no key worker)",
        "Alice Adams",
        "Bob Brown",
    ]
    combo.setCurrentIndex(1)
    click(qtbot, page.merged.save_button)
    qtbot.waitUntil(lambda: page.list.count() == 0)
    wait_up_to_date(qtbot, window)

    colleague.sync()
    ann = colleague.get(Person, pid)
    assert (ann.date_of_birth, ann.key_worker_id) == (dt.date(1961, 9, 14), org.alice)
    assert colleague.counts().conflicts == 0
    assert org.conflicted("person") == {}


def select_conflict(page: ConflictsPage, field_label: str) -> None:
    for row in range(page.list.count()):
        if page.list.item(row).toolTip().endswith(field_label):
            page.list.setCurrentRow(row)
            return
    raise AssertionError(field_label)


def test_the_merged_value_editor_fits_the_field(qtbot: QtBot) -> None:
    def item(field: str, editor: str, *values: Any) -> ConflictItem:
        choices = tuple(
            Choice(v, str(v), who, "today at 10:00", "", who == "This laptop")
            for v, who in zip(values, ("Bob Brown", "This laptop"), strict=False)
        )
        return ConflictItem("c1", "person", "p1", field, "Ann Smith", field, editor, choices)

    flag = MergedEditor(item("risk_flag", BOOL, False, True))
    qtbot.addWidget(flag)
    assert isinstance(flag.editor, QCheckBox)
    assert not flag.editor.isChecked(), "starts from the latest value"
    flag.editor.setChecked(True)
    assert flag.value() == (True, True)

    nhs = MergedEditor(item("nhs_number", NHS_NUMBER, "9434765919", "9434765870"))
    qtbot.addWidget(nhs)
    assert isinstance(nhs.editor, QLineEdit)
    nhs.editor.setText("943 476 5918")
    assert nhs.value() == (False, None)
    assert "not a valid NHS number" in nhs.error.text()
    nhs.editor.setText("943 476 5919")
    assert nhs.value() == (True, "9434765919")

    notes = MergedEditor(item("risk_notes", LONG_TEXT, BOB_NOTE, ALICE_NOTE))
    qtbot.addWidget(notes)
    assert isinstance(notes.editor, QPlainTextEdit)
    assert notes.editor.toPlainText() == f"{BOB_NOTE}\n\n{ALICE_NOTE}", "both, to edit into one"


def test_a_revoked_laptop_wipes_itself_and_says_so(
    qtbot: QtBot, window: MainWindow, startup: Startup, org: Any, memory_keyring: Any
) -> None:
    from linkworker.sync import replica
    from linkworker.ui.passphrase_dialogs import CreatePassphraseDialog

    connect_through_dialog(qtbot, window, org.url)
    add_through_dialog(qtbot, window, given_name="Ann", family_name="Smith")
    wait_up_to_date(qtbot, window)
    assert window.database is not None
    device_id = replica.sync_state(window.database).device_id
    paths = window.paths
    assert paths.database.exists() and paths.key_file.exists()
    assert memory_keyring.secrets, "the database key and the device token are in the keyring"

    # The administrator removes the laptop. At its next contact it wipes itself.
    org.revoke(device_id)
    boxes: list[Any] = []
    window.notifier.shown.connect(boxes.append)
    window.sync_now_action.trigger()
    qtbot.waitUntil(lambda: bool(boxes), timeout=30_000)
    box = boxes[0]
    assert box.text() == (
        "This laptop was removed from Linkworker by your administrator. Its local records and "
        "keys have been wiped from this computer."
    )
    assert window.database is None
    assert window.root.currentWidget() is window.locked_page
    assert window.caseload.model.rowCount() == 0
    assert not paths.database.exists()
    assert not paths.key_file.exists()
    assert not memory_keyring.secrets, "no key left in the keyring"
    assert window.sync_label.text() == "Not connected to a server"
    assert window.lock_label.text() == "No records on this laptop"
    assert "wiped from this computer" in window.locked_page.reason.text()

    # Once read, Linkworker starts afresh, as on a first run.
    box.accept()
    qtbot.waitUntil(lambda: isinstance(startup.dialog, CreatePassphraseDialog))
    assert startup.window is None
    assert window.locked_page.title.text() == "Welcome to Linkworker"

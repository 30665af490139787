"""The Directory section, driven as a link worker would: type a search letter by letter, narrow it
by day and cost, open a service, refer the person whose record is open (and find the connection
on their record), copy the details, print a leaflet, add a note, mark it checked; and, on an
empty directory, load the sample in the background.

The directory is the bundled sample (made-up services in Millbrook), imported into the test's
own encrypted database the way the app does it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from sqlmodel import col, select

from linkworker.care.person import NewPerson
from linkworker.paths import Paths
from linkworker.store.directory_import import import_directory
from linkworker.store.people import add_person
from linkworker.store.tables import AuditEvent, CommunityConnection, DirService, ServiceNote
from linkworker.store.vault import Vault
from linkworker.ui.directory_model import HIT_ROLE
from linkworker.ui.directory_page import DirectoryPage, sample_directory
from linkworker.ui.main_window import MainWindow
from linkworker.ui.startup import Startup
from tests.ui.conftest import PASSPHRASE, click, type_text, visible_text, wait_active

TODAY = dt.date.today()


class Directory:
    """The window, its Directory page, and the person on the caseload."""

    def __init__(self, window: MainWindow, person_id: str) -> None:
        self.window = window
        self.page: DirectoryPage = window.directory
        self.person_id = person_id

    def service_id(self, name: str) -> str:
        assert self.window.database is not None
        with self.window.database.reading() as s:
            service = s.exec(select(DirService).where(DirService.name == name)).one()
            return service.id


@pytest.fixture
def directory(qtbot: QtBot, paths: Paths, startup: Startup) -> Directory:
    """The sample directory and one person, Ann Hale, in a database opened as on any day."""
    db = Vault(paths).create(PASSPHRASE)
    report = import_directory(db, sample_directory())
    assert report.imported > 300 and not report.errors
    person_id = add_person(db, NewPerson(given_name="Ann", family_name="Hale"))
    db.close()
    startup.start()
    assert startup.window is not None
    wait_active(qtbot, startup.window)
    return Directory(startup.window, person_id)


def names(page: DirectoryPage) -> list[str]:
    return page.model.names()


def type_letter(qtbot: QtBot, page: DirectoryPage, letter: str) -> list[str]:
    """One key in the search box; the results once the list has caught up with it."""
    wanted = page.search.text() + letter
    qtbot.keyClick(page.search, letter)
    qtbot.waitUntil(lambda: page.results_for == wanted)
    return names(page)


def choose(qtbot: QtBot, page: DirectoryPage, name: str) -> None:
    """Search for a service by its name and choose it in the list (its details show)."""
    type_text(qtbot, page.search, name)
    qtbot.waitUntil(lambda: page.results_for == name)
    assert name in names(page), names(page)
    page.results.setCurrentIndex(page.model.index(names(page).index(name)))
    qtbot.waitUntil(lambda: page.details is not None and page.details.name == name)


def test_typing_letter_by_letter_and_the_day_and_free_filters_narrow_the_results(
    qtbot: QtBot, directory: Directory
) -> None:
    window, page = directory.window, directory.page
    window.show_section("directory")
    assert window.pages.currentWidget() is page
    assert page.body.currentWidget() is page.browser, "the directory is not empty"
    assert page.summary.text().startswith("342 services, the first 100 by name")

    qtbot.mouseClick(page.search, Qt.MouseButton.LeftButton)
    found = {typed: type_letter(qtbot, page, typed[-1]) for typed in ("w", "wa", "wal", "walk")}
    assert found["w"] != found["wa"] != found["wal"], "the list changes with each letter"
    sizes = [len(found[t]) for t in ("w", "wa", "wal", "walk")]
    assert sizes == sorted(sizes, reverse=True) and sizes[-1] < sizes[0]
    walking = found["walk"]
    assert "Tuesday Towpath Stroll" in walking and "Walk and Talk" in walking
    assert page.summary.text() == f"{len(walking)} services match"
    assert "Sunday Family Walk" in walking and "Walking Netball" in walking

    # Tuesdays only: the Sunday walk goes, the Tuesday ones stay.
    page.day.setCurrentIndex(page.day.findData("TU"))
    qtbot.waitUntil(lambda: names(page) != walking)
    on_tuesday = names(page)
    assert "Sunday Family Walk" not in on_tuesday
    assert {"Tuesday Towpath Stroll", "Walking Netball"} <= set(on_tuesday)
    assert set(on_tuesday) < set(walking)

    # And free: Walking Netball (£2.50) goes; every one left says Free.
    click(qtbot, page.free)
    qtbot.waitUntil(lambda: names(page) != on_tuesday)
    free = names(page)
    assert "Walking Netball" not in free and "Tuesday Towpath Stroll" in free
    assert set(free) < set(on_tuesday)
    assert {hit.cost for hit in page.model.hits} == {"Free"}
    assert page.model.index(0).data(Qt.ItemDataRole.AccessibleTextRole).endswith(".")

    click(qtbot, page.clear_filters_button)
    assert names(page) == walking, "the filters cleared, the words kept"
    assert not page.free.isChecked() and page.day.currentData() is None


def test_a_service_opens_and_the_open_person_is_referred_to_it(
    qtbot: QtBot, directory: Directory
) -> None:
    window, page = directory.window, directory.page
    window.show_section("directory")
    assert not page.pane.refer_button.isVisible(), "no service chosen yet"
    window.open_person(directory.person_id)
    window.show_section("directory")

    type_text(qtbot, page.search, "towpath stroll")
    qtbot.waitUntil(lambda: page.results_for == "towpath stroll")
    assert names(page)[0] == "Tuesday Towpath Stroll"
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # Enter: the first result, and its details
    qtbot.waitUntil(lambda: page.details is not None)
    pane = page.pane
    shown = visible_text(pane)
    assert "Tuesday Towpath Stroll" in shown
    assert "Run by Canal Side Walkers" in shown
    assert "Tuesdays 10:00–11:00" in shown, "a session"
    assert "Free" in shown, "the cost"
    assert "The Lock Café" in shown and "MB1 6YF" in shown, "where"
    assert "Step-free access" in shown, "access"
    assert "No one on this laptop has been connected with it yet." in shown

    assert page.results.hasFocus()
    qtbot.keyClick(page.results, Qt.Key.Key_Return)  # Enter again: on to what can be done
    assert pane.refer_button.hasFocus()
    assert pane.refer_button.text() == "Refer Ann Hale"
    assert pane.signpost_button.text() == "Signpost Ann Hale"
    assert not pane.person_hint.isVisible()
    click(qtbot, pane.refer_button)

    service_id = directory.service_id("Tuesday Towpath Stroll")
    assert window.database is not None
    with window.database.reading() as s:
        made = s.exec(
            select(CommunityConnection).where(CommunityConnection.person_id == directory.person_id)
        ).all()
        audited = s.exec(
            select(AuditEvent).where(AuditEvent.entity == "community_connection")
        ).all()
    assert [(c.service_id, c.kind, c.status, c.made_on) for c in made] == [
        (service_id, "referral", "referred", TODAY)
    ]
    assert [a.entity_id for a in audited] == [made[0].id]
    assert "Ann Hale referred to Tuesday Towpath Stroll." in pane.done.text()
    assert "Ann Hale referred to Tuesday Towpath Stroll." in window.statusBar().currentMessage()
    assert "1 referred, 0 signposted · 0 accepted" in pane.figures.text(), "our figures"

    # The connection is on Ann's record, in the Connections tab.
    window.show_section("record")
    connections = window.record.connections
    headings = [card.heading.text() for card in connections.cards.values()]
    assert headings == ["Referral to Tuesday Towpath Stroll: referred"]

    # Ctrl+F in the Directory goes back to the search box, its words selected.
    window.show_section("directory")
    page.results.setFocus()
    qtbot.keyClick(page.results, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus() and page.search.selectedText() == "towpath stroll"


def test_copy_print_a_note_and_checked_today(
    qtbot: QtBot, directory: Directory, tmp_path: Path
) -> None:
    window, page = directory.window, directory.page
    window.open_person(directory.person_id)
    window.show_section("directory")
    choose(qtbot, page, "Nordic Walking for Beginners")
    pane = page.pane
    service_id = directory.service_id("Nordic Walking for Beginners")
    hit = page.model.index(page.model.row_of(service_id) or 0).data(HIT_ROLE)
    assert hit.stale, "the sample has this one unchecked for over a year"
    assert "not checked for a year" in visible_text(pane)

    click(qtbot, pane.copy_button)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("Nordic Walking for Beginners\nRun by Moorview Striders\n")
    assert "When: Thursdays 10:30–12:00" in copied and "Cost: Free" in copied
    assert "Contact: " in copied and "Ask for" not in copied

    out = tmp_path / "leaflet.pdf"
    asked: list[str] = []

    def choose_path(suggested: str, then: object) -> None:
        asked.append(suggested)
        then(str(out))  # type: ignore[operator]

    page.choose_path = choose_path
    click(qtbot, pane.print_button)
    assert asked and asked[0].endswith("Nordic Walking for Beginners.pdf")
    assert out.read_bytes().startswith(b"%PDF")
    assert window.database is not None
    with window.database.reading() as s:
        printed = s.exec(select(AuditEvent).where(AuditEvent.action == "printed")).all()
    assert [(e.entity, e.entity_id) for e in printed] == [("dir_service", service_id)]
    assert directory.person_id in (printed[0].detail or "")
    assert "Leaflet saved to" in pane.done.text()

    # A note: refused when empty, then added and shown.
    click(qtbot, pane.add_note_button)
    assert pane.note_error.isVisible() and "empty" in pane.note_error.text()
    type_text(qtbot, pane.note_edit, "Ask for Jan at the door")
    qtbot.keyClick(pane.note_edit, Qt.Key.Key_Return)
    assert not pane.note_error.isVisible()
    assert pane.note_edit.text() == ""
    assert "“Ask for Jan at the door” — you," in visible_text(pane)
    with window.database.reading() as s:
        notes = s.exec(select(ServiceNote).where(ServiceNote.service_id == service_id)).all()
    assert [n.text for n in notes] == ["Ask for Jan at the door"]

    # Checked today: the flag goes from the details and from the list.
    click(qtbot, pane.checked_button)
    with window.database.reading() as s:
        service = s.get(DirService, service_id)
        assert service is not None and service.assured_date == TODAY
    shown = visible_text(pane)
    assert f"{TODAY.day} {TODAY:%B %Y}" in shown and "not checked for a year" not in shown
    hit = page.model.index(page.model.row_of(service_id) or 0).data(HIT_ROLE)
    assert not hit.stale
    assert "marked as checked today" in window.statusBar().currentMessage()


def test_refer_and_signpost_wait_for_an_open_record(qtbot: QtBot, directory: Directory) -> None:
    window, page = directory.window, directory.page
    window.show_section("directory")
    choose(qtbot, page, "Walk and Talk")
    pane = page.pane
    assert pane.refer_button.text() == "Refer" and not pane.refer_button.isEnabled()
    assert not pane.signpost_button.isEnabled()
    assert pane.person_hint.isVisible()
    assert pane.copy_button.isEnabled() and pane.print_button.isEnabled()
    assert window.database is not None
    with window.database.reading() as s:
        assert s.exec(select(CommunityConnection)).all() == []

    window.open_person(directory.person_id)
    window.show_section("directory")
    assert page.details is not None and page.details.name == "Walk and Talk", "still shown"
    click(qtbot, pane.signpost_button)
    with window.database.reading() as s:
        kinds = s.exec(
            select(CommunityConnection.kind, CommunityConnection.status).where(
                col(CommunityConnection.service_id).is_not(None)
            )
        ).all()
    assert kinds == [("signpost", "suggested")]


def test_an_empty_directory_offers_the_sample_and_loads_it_in_the_background(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_section("directory")
    page = window.directory
    assert page.body.currentWidget() is page.empty_panel
    assert "The directory on this laptop is empty." in visible_text(page)
    assert page.summary.text() == "No services yet"
    click(qtbot, page.load_sample_button)
    assert page.import_call is not None, "running off the GUI thread"
    assert not page.load_sample_button.isEnabled()
    qtbot.waitUntil(lambda: page.import_call is None, timeout=30_000)
    assert page.body.currentWidget() is page.browser
    assert page.model.rowCount() == 100
    assert page.summary.text().startswith("342 services")
    assert "The sample directory is loaded: 342 made-up services." in (
        window.statusBar().currentMessage()
    )
    assert page.category.count() > 15 and page.language.findText("Polish") > 0
    assert page.near.findText("The Lock Café") > 0


def test_loading_the_sample_can_be_cancelled(qtbot: QtBot, window: MainWindow) -> None:
    window.show_section("directory")
    page = window.directory
    page.import_batch = 200  # many small batches: Cancel is heard between them
    click(qtbot, page.load_sample_button)
    assert page.cancel_import_button.isVisible()
    click(qtbot, page.cancel_import_button)
    qtbot.waitUntil(lambda: page.import_call is None, timeout=30_000)
    message = window.statusBar().currentMessage()
    assert message.startswith("Stopped.") and "load the sample again to finish" in message
    assert 0 < page.choices.services < 342, "what was saved before stopping is kept"


def test_locking_forgets_the_search_and_unlocking_reads_the_directory_again(
    qtbot: QtBot, directory: Directory
) -> None:
    window, page = directory.window, directory.page
    window.open_person(directory.person_id)
    window.show_section("directory")
    choose(qtbot, page, "Walk and Talk")
    window.lock_action.trigger()
    assert window.database is None
    assert page.search.text() == "" and page.model.rowCount() == 0
    assert page.details is None and not page.pane.header.isVisible()
    assert page.pane.refer_button.text() == "Refer", "no one's name stays on screen"

    dialog = window.unlock_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    type_text(qtbot, dialog.passphrase, PASSPHRASE)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: window.database is not None)
    assert window.current_section() == "directory"
    assert page.model.rowCount() == 100, "read again on unlocking"


def test_a_cost_the_details_give_in_words_is_said_once(qtbot: QtBot, directory: Directory) -> None:
    window, page = directory.window, directory.page
    window.show_section("directory")
    type_text(qtbot, page.search, "walking netball")
    qtbot.waitUntil(lambda: page.results_for == "walking netball")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.details is not None)
    _, cost = page.pane.rows["cost"]
    assert cost.text() == "£2.50 including a drink afterwards"  # not "£2.50" above it too


def test_a_file_is_imported_in_the_background_and_its_report_shown(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The council's file, with mistakes in it: the good services arrive, each problem is in
    the report, and the report can be copied."""
    from tests.conftest import REPO_ROOT

    window.show_section("directory")
    page = window.directory
    broken = REPO_ROOT / "tests" / "fixtures" / "directory" / "broken.json"
    page.choose_import = lambda then: then(str(broken))
    assert page.import_button.isVisible() and page.import_button.isEnabled()
    click(qtbot, page.import_button)
    assert page.import_call is not None, "running off the GUI thread"
    assert not page.import_button.isEnabled()
    qtbot.waitUntil(lambda: page.import_call is None, timeout=30_000)

    assert page.import_button.isEnabled()
    assert window.statusBar().currentMessage() == (
        "broken.json: 7 new services, 0 updated, 0 unchanged, 4 skipped; 18 problems."
    )
    dialog, text = page.report_dialog, page.report_text
    assert dialog is not None and dialog.isVisible() and text is not None
    report = text.toPlainText().splitlines()
    assert report[0].startswith("Read broken.json (a page of services): 7 new services")
    assert any("latitude" in line and "left out" in line for line in report)
    buttons = dialog.findChildren(QPushButton)
    click(qtbot, next(b for b in buttons if b.text() == "Copy"))
    assert QGuiApplication.clipboard().text() == text.toPlainText()
    assert page.body.currentWidget() is page.browser
    assert "Knit and Natter" in names(page)


def test_a_file_that_is_not_a_directory_says_so(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.show_section("directory")
    page = window.directory
    letter = tmp_path / "letter.json"
    letter.write_text("Dear Ann,")
    page.choose_import = lambda then: then(str(letter))
    click(qtbot, page.import_button)
    qtbot.waitUntil(lambda: page.import_call is None, timeout=30_000)
    assert window.statusBar().currentMessage() == (
        "Nothing was imported from letter.json: the report says why."
    )
    assert page.report_text is not None
    assert "It is not JSON" in page.report_text.toPlainText()
    assert page.body.currentWidget() is page.empty_panel


def test_near_the_open_persons_home_by_their_postcode_area(
    qtbot: QtBot, directory: Directory
) -> None:
    window, page = directory.window, directory.page
    assert window.database is not None
    from linkworker.store import edits

    edits.set_field(window.database, "person", directory.person_id, "postcode", "MB6 2QT")
    window.open_person(directory.person_id)
    window.show_section("directory")

    assert page.near.itemText(1) == "Ann's home area (MB6)"
    areas = [page.near.itemText(i) for i in range(2, 9)]
    assert areas == [f"Postcode area MB{n}" for n in range(1, 8)]
    page.near.setCurrentIndex(1)
    qtbot.waitUntil(lambda: bool(page.model.hits) and page.model.hits[0].distance_km is not None)
    distances = [hit.distance_km for hit in page.model.hits]
    assert distances == sorted(distances), "nearest first"
    assert all(d is not None and d <= 2.0 for d in distances), "within the distance given"

"""The status bar tells the truth about sync: offline with changes waiting, syncing n/total, up to
date at a time, conflicts and refused changes; and sync runs in the background on its own."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from linkworker.store.tables import OutboxOp, Person
from linkworker.sync import replica
from linkworker.ui.main_window import MainWindow
from linkworker.ui.sync_status import (
    IDLE,
    OFFLINE,
    SYNCING,
    TROUBLE,
    StatusText,
    SyncSnapshot,
    conflicts_text,
    describe,
    refused_text,
)
from linkworker.ui.sync_worker import SyncController
from tests.ui.conftest import (
    PASSPHRASE,
    add_through_dialog,
    click,
    connect_through_dialog,
    type_text,
    wait_up_to_date,
)

FAST = {"debounce_ms": 50, "first_backoff_ms": 200, "max_backoff_ms": 800, "poll_ms": 100}


def up_to_date_text(window: MainWindow) -> str:
    assert window.database is not None
    synced = replica.sync_state(window.database).last_synced_at
    assert synced is not None
    return f"Up to date {synced.astimezone():%H:%M}"


def test_the_words_for_each_state() -> None:
    today = dt.datetime(2026, 3, 4, 14, 2).astimezone()
    assert describe(SyncSnapshot()).text == "Not connected to a server"
    on = {"connected": True}
    assert describe(SyncSnapshot(OFFLINE, waiting=12, **on)).text == "Offline · 12 changes waiting"
    assert describe(SyncSnapshot(OFFLINE, waiting=1, **on)).text == "Offline · 1 change waiting"
    syncing = SyncSnapshot(SYNCING, stage="pull", done=240, total=1200, **on)
    assert describe(syncing).text == "Syncing 240/1,200"
    indexing = describe(SyncSnapshot(SYNCING, stage="index", done=2000, total=100_000, **on))
    assert indexing == StatusText(
        "Preparing search 2,000/100,000", "Preparing the directory's new services for search."
    )
    assert describe(SyncSnapshot(SYNCING, **on)).text == "Syncing…"
    assert describe(SyncSnapshot(IDLE, last_synced=today, **on), today).text == "Up to date 14:02"
    earlier = today - dt.timedelta(days=2)
    assert describe(SyncSnapshot(IDLE, last_synced=earlier, **on), today).text == (
        "Up to date 2 Mar 14:02"
    )
    assert describe(SyncSnapshot(IDLE, waiting=3, last_synced=today, **on)).text == (
        "3 changes waiting"
    ), "never 'up to date' with changes not yet sent"
    trouble = SyncSnapshot(TROUBLE, waiting=2, problem="The server had a problem.", **on)
    assert describe(trouble).text == "Sync problem · 2 changes waiting"
    assert describe(trouble).tooltip.startswith("The server had a problem.")
    assert conflicts_text(2) == "2 conflicts need you"
    assert conflicts_text(1) == "1 conflict needs you"
    assert refused_text(3) == "3 changes refused by the server"
    assert refused_text(1_500) == "1,500 changes refused by the server"


def test_backoff_doubles_from_30_seconds_to_15_minutes() -> None:
    controller = SyncController()
    waits = [controller.backoff_ms(n) // 1000 for n in range(1, 9)]
    assert waits == [30, 60, 120, 240, 480, 900, 900, 900]
    assert controller.backoff_ms(0) == 120_000, "after a success: the regular two minutes"


def test_offline_changes_wait_then_go_when_the_server_is_back(
    qtbot: QtBot, window: MainWindow, org: Any
) -> None:
    window.sync.configure(**FAST)
    connect_through_dialog(qtbot, window, org.url)
    assert window.sync_label.text() == up_to_date_text(window)
    assert "on the server" in window.sync_label.toolTip()
    assert window.sync_label.accessibleName() == "Sync state"

    # The connection goes. Alice carries on: each person she adds waits on the laptop.
    org.server.stop()
    add_through_dialog(qtbot, window, given_name="Ann", family_name="Smith")
    qtbot.waitUntil(
        lambda: window.sync_label.text() == "Offline · 1 change waiting", timeout=30_000
    )
    assert "cannot be reached" in window.sync_label.toolTip()
    assert window.sync_label.accessibleDescription().startswith("Offline · 1 change waiting")
    add_through_dialog(qtbot, window, given_name="Bilal", family_name="Khan")
    qtbot.waitUntil(
        lambda: window.sync_label.text() == "Offline · 2 changes waiting", timeout=30_000
    )
    assert window.sync.phase == OFFLINE
    assert window.sync.retry_in_ms is not None, "a probe is due on the backoff timer"
    assert org.records("person") == {}

    # The server is back: the next probe finds it and the changes go up.
    org.server.start()
    wait_up_to_date(qtbot, window)
    assert window.sync_label.text() == up_to_date_text(window)
    names = sorted(p["given_name"] for p in org.records("person").values())
    assert names == ["Ann", "Bilal"]
    assert window.database is not None
    assert replica.counts(window.database).waiting == 0


def test_the_status_counts_a_big_sync_as_it_goes_and_the_caseload_fills(
    qtbot: QtBot, window: MainWindow, org: Any, colleague: Any
) -> None:
    # Bob's laptop holds 1,200 people of their shared team, already on the server.
    with colleague.db.transaction() as s:
        s.add_all(Person(given_name=f"Person{i:04d}", family_name="Team") for i in range(1200))
    colleague.sync()

    seen: list[str] = []
    window.sync.status_changed.connect(lambda: seen.append(window.sync_label.text()))
    connect_through_dialog(qtbot, window, org.url)
    counted = [t for t in seen if re.fullmatch(r"Syncing [\d,]+/[\d,]+", t)]
    assert counted, seen
    assert any(re.fullmatch(r"Syncing 1,\d{3}/1,\d{3}", t) for t in counted), counted
    assert window.caseload.model.rowCount() == 1200, "what arrived is shown"


def test_refused_changes_are_counted_and_explained(
    qtbot: QtBot, window: MainWindow, org: Any
) -> None:
    connect_through_dialog(qtbot, window, org.url)
    assert not window.refused_label.isVisible()
    add_through_dialog(qtbot, window, given_name="Ann", family_name="Smith")
    # As when the server refuses for good (the record moved to another team): kept aside.
    assert window.database is not None
    out = OutboxOp.__table__  # type: ignore[attr-defined]
    with window.database.transaction() as s:
        s.execute(update(out).values(rejected_reason="This record is now held by another team."))
    window.sync.sync_now()
    qtbot.waitUntil(lambda: window.refused_label.isVisible(), timeout=30_000)
    assert window.refused_label.text() == "1 change refused by the server"
    assert "moved to another team" in window.refused_label.toolTip()
    assert "kept aside" in window.refused_label.toolTip()
    assert window.refused_label.accessibleName() == "Changes refused by the server"
    wait_up_to_date(qtbot, window)


def test_sync_never_runs_on_the_gui_thread_and_stops_for_a_lock(
    qtbot: QtBot, window: MainWindow, org: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from linkworker.sync import client

    threads: list[QThread] = []
    real = client.sync_once

    def spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(QThread.currentThread())
        return real(*args, **kwargs)

    monkeypatch.setattr(client, "sync_once", spy)
    connect_through_dialog(qtbot, window, org.url)
    gui = QApplication.instance()
    assert gui is not None
    assert threads and all(t is not gui.thread() for t in threads)

    # Ctrl+L: sync pauses (the database closes only after any sync step in flight).
    window.lock_now()
    assert window.sync_label.text() == "Sync paused while locked"
    assert not window.sync.busy
    assert not window.conflicts_link.isVisible()
    unlock = window.unlock_dialog
    assert unlock is not None
    qtbot.waitExposed(unlock)
    type_text(qtbot, unlock.passphrase, PASSPHRASE)
    click(qtbot, unlock.ok_button)
    qtbot.waitUntil(lambda: window.database is not None)
    # Unlocked: a sync runs at once.
    qtbot.waitUntil(lambda: window.sync.phase == SYNCING or window.sync.busy, timeout=5_000)
    wait_up_to_date(qtbot, window)


def test_a_colleagues_new_person_arrives_on_the_regular_timer(
    qtbot: QtBot, window: MainWindow, org: Any, colleague: Any
) -> None:
    connect_through_dialog(qtbot, window, org.url)
    window.sync.configure(interval_ms=200)
    window.sync.sync_now()  # so the next sync is scheduled at the short interval
    wait_up_to_date(qtbot, window)
    with colleague.db.transaction() as s:
        s.add(Person(given_name="Zainab", family_name="Okafor"))
    colleague.sync()
    # Nobody presses anything: the timer's sync brings her in.
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() == 1, timeout=30_000)
    assert window.caseload.model.index(0, 0).data() == "Okafor, Zainab"


def test_locking_during_a_sync_stops_it_between_steps_and_loses_nothing(
    qtbot: QtBot, window: MainWindow, org: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from linkworker.sync import client

    connect_through_dialog(qtbot, window, org.url)
    add_through_dialog(qtbot, window, given_name="Ann", family_name="Smith")
    wait_up_to_date(qtbot, window)

    # A long sync: it reports progress step after step until it is told to stop.
    started, stopped = threading.Event(), threading.Event()

    def long_sync(db: Any, transport: Any, progress: Any) -> Any:
        started.set()
        try:
            for step in range(10_000):
                progress("pull", step, 10_000)
                threading.Event().wait(0.01)
        finally:
            stopped.set()
        raise AssertionError("the sync was never told to stop")

    real = client.sync_once
    monkeypatch.setattr(client, "sync_once", long_sync)
    window.sync_now_action.trigger()
    qtbot.waitUntil(started.is_set, timeout=10_000)
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Syncing "), timeout=10_000)
    assert re.fullmatch(r"Syncing [\d,]+/10,000", window.sync_label.text())

    window.lock_now()
    assert stopped.is_set(), "the sync stopped before the database closed"
    assert not window.sync.busy
    assert window.sync_label.text() == "Sync paused while locked"

    monkeypatch.setattr(client, "sync_once", real)
    unlock = window.unlock_dialog
    assert unlock is not None
    qtbot.waitExposed(unlock)
    type_text(qtbot, unlock.passphrase, PASSPHRASE)
    click(qtbot, unlock.ok_button)
    wait_up_to_date(qtbot, window)
    assert [p["given_name"] for p in org.records("person").values()] == ["Ann"]

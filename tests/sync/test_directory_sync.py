"""The administrator loads the organisation's directory on the server; every laptop of the
organisation gets it, and no laptop of another organisation does.

The fleet (``fleet.py``) and the feed (``feed.py``, two editions of a small Open Referral UK
directory) are the fault suite's; here the network behaves, so each story can be told step by
step. Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlmodel import select as sqlselect

from linkworker.care.hlc import Timestamp, wall_clock_ms
from linkworker.server import accounts
from linkworker.server import tables as t
from linkworker.store.directory_actions import mark_checked
from linkworker.store.directory_details import service_details
from linkworker.store.directory_search import index_waiting, search, waiting_for_index
from linkworker.store.tables import DirService
from linkworker.sync import client
from tests.sync import feed
from tests.sync.fleet import MINUTE_MS, Fleet, Laptop, Templates, make_fleet

Server = tuple[Engine, TestClient]


def sync_all(fleet: Fleet) -> None:
    for lap in fleet.laptops:
        assert lap.sync() == "ok"


def listed(lap: Laptop) -> dict[str, str]:
    """The directory as the worker's search lists it (every service, by name)."""
    return {hit.service_id: hit.name for hit in search(lap.db, "")}


def test_a_feed_loaded_on_the_server_reaches_every_laptop_of_the_organisation_and_no_other(
    server: Server, templates: Templates, tmp_path: Path
) -> None:
    engine, app = server
    north = make_fleet(engine, app, templates, tmp_path / "north", seed=1)
    south = make_fleet(engine, app, templates, tmp_path / "south", seed=2, size=1)
    try:
        # Both PCNs load the council's feed: the same services, under the same ids.
        for fleet in (north, south):
            fleet.import_directory(1)
            sync_all(fleet)
        for lap in (*north.laptops, *south.laptops):
            assert listed(lap) == feed.service_names(1)

        # North loads the feed's next edition; South does not (yet).
        north.import_directory(2)
        sync_all(north)
        sync_all(south)

        for lap in north.laptops:
            assert listed(lap) == feed.service_names(2)
            shed = service_details(lap.db, "svc-2")
            assert shed.name == "Otley Men's Shed"
            assert (shed.cost, shed.cost_details) == ("", ())  # the feed dropped its price
            assert shed.organisation == "Otley Community Trust"
            chatty = service_details(lap.db, "svc-3")
            assert chatty.name == "Chatty Café and Crafts"
            assert chatty.sessions == ("Weekends 10:00–12:00",)  # was Saturdays
            singing = service_details(lap.db, "svc-4")
            assert (singing.status, singing.alert) == (
                "temporarily closed", "Closed while the hall is repaired"
            )  # fmt: skip
            assert singing.cost == "£4"
            assert service_details(lap.db, "svc-1").checked_on == dt.date(2026, 10, 1)
            garden = service_details(lap.db, "svc-5")
            assert [p.name for p in garden.places] == ["Allotment 14"]
            assert [h.name for h in search(lap.db, "gardening")] == ["Gardening Together"]

        (olga,) = south.laptops
        assert listed(olga) == feed.service_names(1)
        assert service_details(olga.db, "svc-2").cost == "£2"
        assert service_details(olga.db, "svc-3").sessions == ("Saturdays 10:00–12:00",)
        assert search(olga.db, "gardening") == []
        with olga.db.reading() as s:
            descriptions = {d.description for d in s.exec(sqlselect(DirService)).all()}
        assert all(d is not None and d.endswith("(fleet 2)") for d in descriptions)
    finally:
        for lap in (*north.laptops, *south.laptops):
            lap.close()


def test_loading_the_same_feed_again_gives_the_laptops_nothing_to_fetch(
    server: Server, templates: Templates, tmp_path: Path
) -> None:
    engine, app = server
    fleet = make_fleet(engine, app, templates, tmp_path, seed=3, size=1)
    (lap,) = fleet.laptops
    try:
        fleet.import_directory(1)
        assert lap.sync() == "ok"
        before = _versions(engine, fleet.org_id)

        fleet.import_directory(1)  # the nightly load of a feed that did not change

        assert _versions(engine, fleet.org_id) == before
        assert client.sync_once(lap.db, lap.transport).pulled == 0
    finally:
        lap.close()


@pytest.mark.parametrize(
    ("checks", "stands"),
    [
        ((dt.date(2026, 9, 20), dt.date(2026, 9, 21)), dt.date(2026, 10, 1)),  # the feed's
        ((dt.date(2026, 11, 20), dt.date(2026, 11, 21)), dt.date(2026, 11, 20)),  # A's check
    ],
    ids=["checks before the feed's date", "checks after it"],
)
def test_the_latest_check_of_a_service_stands_whichever_laptop_syncs_first(
    server: Server,
    templates: Templates,
    tmp_path: Path,
    checks: tuple[dt.date, dt.date],
    stands: dt.date,
) -> None:
    """A's clock runs ten minutes fast, B's five. A checks the walk and syncs; B, offline,
    checks it too; then the administrator loads the feed, which re-assured the walk on 1
    October. A feed date later than the workers' checks stands: it was loaded knowing A's
    check, and after B's. A check later than the feed's date stands (A's: B's edit, made
    without seeing A's, is earlier by the clocks): a re-import never takes a check back.
    Either way, whether B's check reaches the server before the load or after it."""
    engine, app = server
    ends = []
    for order, b_first in (("b, then the load", True), ("the load, then b", False)):
        fleet = make_fleet(engine, app, templates, tmp_path / order, seed=4, size=2)
        a, b = fleet.laptops
        try:
            for lap, minutes in ((a, 10), (b, 5)):
                lap.skew_ms = lap.db.clock_skew_ms = minutes * MINUTE_MS
            fleet.import_directory(1)
            sync_all(fleet)

            mark_checked(a.db, "svc-1", checks[0])
            assert a.sync() == "ok"
            mark_checked(b.db, "svc-1", checks[1])
            if b_first:
                assert b.sync() == "ok"
            fleet.import_directory(2)
            sync_all(fleet)
            sync_all(fleet)

            checked = {service_details(lap.db, "svc-1").checked_on for lap in (a, b)}
            ends.append((order, checked))
        finally:
            for lap in fleet.laptops:
                lap.close()
    assert ends == [(order, {stands}) for order, _ in ends]


def _versions(engine: Engine, org_id: str) -> dict[tuple[str, str], tuple[int, int]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(t.record.c.entity, t.record.c.entity_id, t.record.c.version, t.record.c.seq)
            .where(t.record.c.org_id == org_id)
        )  # fmt: skip
        return {(r.entity, r.entity_id): (r.version, r.seq) for r in rows}


def test_a_fast_laptop_in_one_organisation_does_not_move_the_stamps_of_another(
    server: Server, templates: Templates, tmp_path: Path
) -> None:
    """North's laptop runs ten minutes fast and checks a service; North's next load, re-assuring
    it later, is stamped after that check. South's team, made afterwards, is stamped by the
    server's own clock: a South laptop pulling it must not jump ten minutes ahead of its
    colleagues' edits."""
    engine, app = server
    north = make_fleet(engine, app, templates, tmp_path / "north", seed=5, size=1)
    (fast,) = north.laptops
    try:
        fast.skew_ms = fast.db.clock_skew_ms = 10 * MINUTE_MS
        north.import_directory(1)
        assert fast.sync() == "ok"
        mark_checked(fast.db, "svc-1", dt.date(2026, 9, 20))
        assert fast.sync() == "ok"
        north.import_directory(2)  # re-assured on 1 October
        assert fast.sync() == "ok"
        assert service_details(fast.db, "svc-1").checked_on == dt.date(2026, 10, 1)
    finally:
        fast.close()

    with engine.begin() as conn:
        south = accounts.init_org(conn, "South PCN")
        accounts.add_team(conn, south, "Riverside")
    latest = max(_stamps_of(engine, south))
    assert Timestamp.unpack(latest).physical_ms < wall_clock_ms() + MINUTE_MS


def _stamps_of(engine: Engine, org_id: str) -> list[str]:
    with engine.connect() as conn:
        docs = conn.execute(select(t.record.c.doc).where(t.record.c.org_id == org_id)).scalars()
        found = []
        for doc in docs:
            doc = json.loads(doc) if isinstance(doc, str) else doc
            if doc.get("stamp"):
                found.append(doc["stamp"][0])
            found += [s[0] for s in doc["stamps"].values()]
        return found


def test_a_laptop_that_stops_before_indexing_the_directory_finishes_at_its_next_attempt(
    server: Server, templates: Templates, tmp_path: Path
) -> None:
    """The pull saves the directory's rows first and makes them searchable after. A laptop shut
    between the two has every row, and lists what is left to index; a service checked meanwhile
    joins the list; the next attempt (even offline) indexes them all, and then every write is
    indexed as it happens again."""
    engine, app = server
    fleet = make_fleet(engine, app, templates, tmp_path, seed=6, size=1)
    (lap,) = fleet.laptops
    try:
        fleet.import_directory(1)
        client.pull_all(lap.db, lap.transport)  # and the lid closes

        with lap.db.reading() as s:
            assert len(s.exec(sqlselect(DirService)).all()) == 4
        assert listed(lap) == {}
        assert waiting_for_index(lap.db) == 4
        mark_checked(lap.db, "svc-2", dt.date(2026, 11, 25))
        assert waiting_for_index(lap.db) == 4

        seen: list[tuple[int, int]] = []
        assert index_waiting(lap.db, lambda done, total: seen.append((done, total))) == 4
        assert seen == [(4, 4)]
        assert listed(lap) == feed.service_names(1)
        (shed,) = search(lap.db, "shed")
        assert shed.checked_on == dt.date(2026, 11, 25)

        mark_checked(lap.db, "svc-3", dt.date(2026, 11, 26))  # indexed at once again
        assert waiting_for_index(lap.db) == 0
        (chatty,) = search(lap.db, "chatty")
        assert chatty.checked_on == dt.date(2026, 11, 26)
    finally:
        lap.close()


def test_a_sync_indexes_what_it_pulled_in_batches_with_progress(
    server: Server, templates: Templates, tmp_path: Path
) -> None:
    engine, app = server
    fleet = make_fleet(engine, app, templates, tmp_path, seed=7, size=1)
    (lap,) = fleet.laptops
    try:
        fleet.import_directory(2)
        steps: list[tuple[str, int, int]] = []
        report = client.sync_once(lap.db, lap.transport, lambda *step: steps.append(step))
        assert report.indexed == 5
        assert [s for s in steps if s[0] == "index"] == [("index", 5, 5)]
        assert listed(lap) == feed.service_names(2)

        fleet.import_directory(1)  # the feed's older edition, loaded again by mistake
        client.pull_all(lap.db, lap.transport)
        assert waiting_for_index(lap.db) == 3  # the walk keeps its later assured date
        assert index_waiting(lap.db, batch=2) == 3  # two transactions
        assert listed(lap) == feed.service_names(2) | feed.service_names(1)
    finally:
        lap.close()

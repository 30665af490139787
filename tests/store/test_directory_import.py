"""Importing an Open Referral UK directory into the encrypted database: upserts by id, reports
every problem, commits in batches that Cancel stops between, and every row written syncs."""

from __future__ import annotations

import json
import shutil
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlmodel import col

from linkworker.care import hsds
from linkworker.care.hlc import Timestamp
from linkworker.store.database import Database
from linkworker.store.directory_import import import_directory, synced_table
from linkworker.store.tables import (
    AuditEvent,
    DirLocation,
    DirService,
    OutboxOp,
    SyncState,
)
from linkworker.sync.replica import pending
from tests.conftest import REPO_ROOT

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "directory"
WALK = "5e000000-0000-4000-8000-000000000001"
PARK = "10c00000-0000-4000-8000-000000000001"
KINDS = ("one_service.json", "contents_page.json", "organization_with_services.json", "tabular")


def counts(db: Database) -> dict[str, int]:
    with db.reading() as s:
        conn = s.connection()
        return {
            t: conn.execute(select(func.count()).select_from(synced_table(t))).scalar_one()
            for t in hsds.TABLE_ORDER
        }


def outbox(db: Database) -> list[OutboxOp]:
    with db.reading() as s:
        query = select(OutboxOp).order_by(col(OutboxOp.device_seq))
        return list(s.scalars(query).all())


def table_rows(db: Database, table: str) -> dict[str, dict[str, Any]]:
    t = synced_table(table)
    with db.reading() as s:
        return {r["id"]: dict(r) for r in s.connection().execute(select(t)).mappings()}


def in_file(path: Path) -> dict[str, int]:
    """How many rows of each table the file holds (read by the parser alone)."""
    with hsds.open_directory(path) as reader:
        found: dict[str, int] = dict.fromkeys(hsds.TABLE_ORDER, 0)
        for record in reader.records():
            for table, _ in record.rows:
                found[table] += 1
    return found


# ------------------------------------------------------------------- each kind of document


@pytest.mark.parametrize("name", KINDS)
def test_each_kind_of_document_is_imported_whole_and_again_changes_nothing(
    db: Database, name: str
) -> None:
    path = FIXTURES / name
    expected = in_file(path)

    first = import_directory(db, path)

    assert first.problems == [] and not first.read_nothing and not first.cancelled
    assert counts(db) == expected
    assert {t: n.imported for t, n in first.tallies.items()} == expected
    assert first.imported == expected["dir_service"] > 0
    ops = outbox(db)
    assert len(ops) == sum(expected.values()) + 1  # every row, and the import's audit event

    second = import_directory(db, path)

    assert counts(db) == expected  # nothing duplicated
    assert (second.imported, second.updated, second.unchanged) == (0, 0, expected["dir_service"])
    assert {t: n.unchanged for t, n in second.tallies.items()} == expected
    assert len(outbox(db)) == len(ops) + 1  # only the second audit event: nothing to sync


def test_a_zip_imports_as_its_folder_does(db: Database, tmp_path: Path) -> None:
    archive = Path(shutil.make_archive(str(tmp_path / "millbrook"), "zip", FIXTURES / "tabular"))
    report = import_directory(db, archive)

    assert report.problems == [] and counts(db) == in_file(FIXTURES / "tabular")


def test_the_report_reads_plainly(db: Database) -> None:
    report = import_directory(db, FIXTURES / "contents_page.json")

    assert report.summary().splitlines() == [
        "Read contents_page.json (a page of services): 3 new services, 0 updated, 0 unchanged, "
        "0 skipped.",
        "                             new  updated  unchanged  skipped",
        "  organisations                2        0          0        0",
        "  taxonomy terms               2        0          0        0",
        "  services                     3        0          0        0",
        "  locations                    2        0          0        0",
        "  addresses                    2        0          0        0",
        "  accessibility notes          1        0          0        0",
        "  services at locations        3        0          0        0",
        "  phones                       3        0          0        0",
        "  schedules                    3        0          0        0",
        "  cost options                 3        0          0        0",
        "  attributes                   3        0          0        0",
        "No problems found.",
    ]


# ---------------------------------------------------------------------------- the problems


def test_a_broken_file_imports_what_is_good_and_lists_every_problem(db: Database) -> None:
    report = import_directory(db, FIXTURES / "broken.json")

    lines = report.summary().splitlines()
    assert lines[0] == (
        "Read broken.json (a page of services): 7 new services, 0 updated, 0 unchanged, 4 skipped."
    )
    start = lines.index("Problems: 14 errors, 4 warnings (record, field: what is wrong and what "
                        "was done):")  # fmt: skip
    assert [line.split(None, 1)[1] for line in lines[start + 1 :]] == [
        str(p) for p in report.problems
    ]
    assert [f"{p.severity}: {p}" for p in report.problems] == _broken_lines()
    assert (report.imported, report.skipped) == (7, 4)
    assert report.tallies["dir_phone"].skipped == 1
    assert not report.read_nothing

    services = table_rows(db, "dir_service")
    assert len(services) == 7
    assert services["5e000000-0000-4000-8000-000000000081"]["name"] == "Knit and Natter"
    assert services["5e000000-0000-4000-8000-000000000083"]["status"] == "active"  # the default
    yoga = services["5e000000-0000-4000-8000-000000000088"]
    assert (yoga["minimum_age"], yoga["maximum_age"], yoga["description"]) == (None, 65, None)
    far = table_rows(db, "dir_location")["10c00000-0000-4000-8000-000000000084"]
    assert (far["latitude"], far["longitude"], far["name"]) == (None, None, "Nowhere Hall")

    again = import_directory(db, FIXTURES / "broken.json")

    assert (again.imported, again.updated, again.unchanged, again.skipped) == (0, 0, 7, 4)
    assert len(table_rows(db, "dir_service")) == 7


def _broken_lines() -> list[str]:
    from tests.care.test_hsds import BROKEN

    return BROKEN


def test_a_bad_value_in_a_later_file_never_blanks_a_good_one(db: Database, tmp_path: Path) -> None:
    import_directory(db, FIXTURES / "one_service.json")
    doc = json.loads((FIXTURES / "one_service.json").read_text())
    location = doc["service_at_locations"][0]["location"]
    location["latitude"] = 512.0  # a slip of the keyboard
    doc["minimum_age"] = "adults"
    doc["description"] = "A gentle hour's walk, now with a longer loop on the first Tuesday."
    path = tmp_path / "walk.json"
    path.write_text(json.dumps(doc))

    report = import_directory(db, path)

    assert len(report.errors) == 2 and (report.updated, report.unchanged) == (1, 0)
    walk = table_rows(db, "dir_service")[WALK]
    assert walk["minimum_age"] == 18 and walk["description"].endswith("first Tuesday.")
    park = table_rows(db, "dir_location")[PARK]
    assert (park["latitude"], park["longitude"]) == (53.8008, -1.5491)


def test_a_file_that_cannot_be_read_imports_nothing(db: Database) -> None:
    report = import_directory(db, FIXTURES / "not_json.json")

    assert report.read_nothing and sum(counts(db).values()) == 0
    assert report.summary().splitlines() == [
        "Nothing was imported from not_json.json.",
        "Problems: 1 error, 0 warnings (record, field: what is wrong and what was done):",
        "  error    not_json.json: It is not JSON: it does not start with '{' or '['.",
    ]


def test_a_truncated_file_keeps_the_services_before_the_cut(db: Database) -> None:
    report = import_directory(db, FIXTURES / "truncated.json")

    assert report.imported == 2 and not report.read_nothing
    assert [str(p) for p in report.problems] == [
        "truncated.json: The file ends part-way through (line 190): it looks cut short; the 2 "
        "services before that point were read."
    ]
    assert len(table_rows(db, "dir_service")) == 2


def test_a_reference_to_nothing_is_skipped_but_one_to_a_held_row_is_kept(
    db: Database, tmp_path: Path
) -> None:
    import_directory(db, FIXTURES / "one_service.json")
    folder = tmp_path / "costs"
    folder.mkdir()
    (folder / "cost_options.csv").write_text(
        "id,service_id,amount,amount_description\n"
        f"c0570000-0000-4000-8000-000000000091,{WALK},0,Free for carers\n"
        "c0570000-0000-4000-8000-000000000092,5e000000-0000-4000-8000-000000000099,2,\n"
    )
    report = import_directory(db, folder)

    assert [f"{p.severity}: {p}" for p in report.problems] == [
        "warning: costs: there is no datapackage.json; the CSV files were read by their names",
        "error: cost option c0570000-0000-4000-8000-000000000092: service_id: names service "
        "5e000000-0000-4000-8000-000000000099, which is not in the file or the directory; the "
        "cost option was skipped",
    ]
    costs = table_rows(db, "dir_cost_option")
    assert costs["c0570000-0000-4000-8000-000000000091"]["service_id"] == WALK
    assert "c0570000-0000-4000-8000-000000000092" not in costs
    assert report.tallies["dir_cost_option"].skipped == 1


def test_a_service_deleted_here_comes_back_when_imported_again(db: Database) -> None:
    import_directory(db, FIXTURES / "one_service.json")
    with db.transaction() as s:
        service = s.get(DirService, WALK)
        assert service is not None
        service.deleted_at = service.updated_at
    report = import_directory(db, FIXTURES / "one_service.json")

    assert report.updated == 1
    assert table_rows(db, "dir_service")[WALK]["deleted_at"] is None
    assert outbox(db)[-2].payload == {"deleted_at": None}


# ------------------------------------------------------------------------------ it syncs


def test_each_new_row_has_a_put_with_every_column_as_capture_writes_it(db: Database) -> None:
    with db.transaction() as s:  # a location written through the ORM, for comparison
        s.add(DirLocation(id="10c00000-0000-4000-8000-000000000900", name="Town Hall"))
    import_directory(db, FIXTURES / "one_service.json")

    ops = outbox(db)
    by_row = {(op.entity, op.entity_id): op for op in ops}
    orm = by_row[("dir_location", "10c00000-0000-4000-8000-000000000900")].payload
    bulk = by_row[("dir_location", PARK)].payload
    assert orm is not None and bulk is not None
    assert list(bulk) == list(orm)  # every column, in the same order
    assert bulk["org_id"] == orm["org_id"] != ""
    assert (bulk["version"], bulk["deleted_at"]) == (1, None)
    assert bulk["created_at"].endswith("+00:00") and "T" in bulk["created_at"]
    assert bulk["latitude"] == 53.8008
    walk = by_row[("dir_service", WALK)]
    assert (walk.kind, walk.base_version) == ("put", None)
    assert walk.payload is not None
    assert walk.payload["assured_date"] == "2026-09-01"
    assert walk.payload["last_modified"] == "2026-09-01T10:30:45.123000+00:00"
    schedule = next(op for op in ops if op.entity == "dir_schedule")
    assert schedule.payload is not None and schedule.payload["opens_at"] == "10:00:00"
    for table, rows in ((t, table_rows(db, t)) for t in hsds.TABLE_ORDER):
        for row_id in rows:
            assert (table, row_id) in by_row  # every row written will sync

    # Ops follow one another: device_seq without a gap, HLC stamps rising, and the device's
    # counters left where the next edit through the ORM carries on.
    seqs = [op.device_seq for op in ops]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    stamps = [Timestamp.unpack(op.hlc) for op in ops]
    assert all(a < b for a, b in pairwise(stamps))
    assert len({op.op_id for op in ops}) == len(ops)
    with db.reading() as s:
        state = s.get(SyncState, 1)
        assert state is not None
        assert state.next_device_seq == seqs[-1] + 1 and state.hlc_last == ops[-1].hlc


def test_an_edit_in_the_file_is_a_patch_of_only_what_changed(db: Database, tmp_path: Path) -> None:
    import_directory(db, FIXTURES / "one_service.json")
    doc = json.loads((FIXTURES / "one_service.json").read_text())
    doc["alert"] = "No walk on 24 or 31 December."
    doc["schedules"][0]["opens_at"] = "10:30"
    path = tmp_path / "walk.json"
    path.write_text(json.dumps(doc))
    before = len(outbox(db))

    report = import_directory(db, path)

    assert (report.updated, report.tallies["dir_schedule"].updated) == (1, 1)
    assert sum(t.updated for t in report.tallies.values()) == 2
    new = outbox(db)[before:]
    patches = [(op.entity, op.kind, op.base_version, op.payload) for op in new[:-1]]
    assert patches == [
        ("dir_service", "patch", 1, {"alert": "No walk on 24 or 31 December."}),
        ("dir_schedule", "patch", 1, {"opens_at": "10:30:00"}),
    ]
    assert new[-1].entity == "audit_event"


def test_the_imported_rows_are_ready_to_push(db: Database) -> None:
    import_directory(db, FIXTURES / "contents_page.json")

    waiting = pending(db, limit=500)  # as the sync client reads them, checked by the protocol

    assert len(waiting) == sum(in_file(FIXTURES / "contents_page.json").values()) + 1
    assert {op.kind for op in waiting} == {"put", "append"}


def test_the_import_is_audited_with_counts_only(db: Database) -> None:
    import_directory(db, FIXTURES / "broken.json")

    with db.reading() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "directory imported"))
        (event,) = events.all()
    assert event.detail == "7 new, 0 updated, 0 unchanged, 4 skipped services; 18 problems"


def test_the_foreign_keys_the_parser_checks_are_the_tables_own() -> None:
    for table in hsds.TABLE_ORDER:
        declared = {
            (fk.parent.name, fk.column.table.name, not fk.parent.nullable)
            for fk in synced_table(table).foreign_keys
        }
        assert declared == set(hsds.REFERENCES.get(table, ())), table


# ------------------------------------------------------------------ batches and Cancel


def _many_services(tmp_path: Path, n: int) -> Path:
    page = json.loads((FIXTURES / "contents_page.json").read_text())
    first = page["contents"][0]
    services = []
    for i in range(n):
        doc = json.loads(json.dumps(first).replace("000000000021", f"{900 + i:012d}"))
        doc["name"] = f"Befriending round {i}"
        services.append(doc)
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"contents": services}))
    return path


def test_progress_is_reported_after_each_batch(db: Database, tmp_path: Path) -> None:
    path = _many_services(tmp_path, 12)
    seen: list[tuple[int, int]] = []

    report = import_directory(db, path, progress=lambda d, t: seen.append((d, t)), batch=20)

    assert report.imported == 12
    assert len(seen) >= 4
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert all(0 < d <= t for d, t in seen)
    assert seen[-1] == (12, 12)


def test_cancel_stops_between_batches_and_keeps_what_was_committed(
    db: Database, tmp_path: Path
) -> None:
    path = _many_services(tmp_path, 12)
    asked: list[int] = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) == 2  # Cancel pressed while the second batch was being written

    seen: list[tuple[int, int]] = []
    report = import_directory(db, path, lambda d, t: seen.append((d, t)), cancel, batch=20)

    assert report.cancelled
    assert 0 < report.imported < 12
    assert len(table_rows(db, "dir_service")) == report.imported  # committed, and only those
    assert "Cancelled: what was saved before stopping is kept." in report.summary()
    with db.reading() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "directory imported"))
        detail = events.one().detail
    assert detail is not None and detail.endswith("; cancelled")

    rest = import_directory(db, path)

    assert (rest.imported, rest.unchanged) == (12 - report.imported, report.imported)
    assert len(table_rows(db, "dir_service")) == 12


def test_a_batch_that_fails_leaves_nothing_of_itself(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _many_services(tmp_path, 6)
    from linkworker.store import capture

    real = capture.write_ops
    calls: list[int] = []

    class Unplugged(Exception):
        pass

    def failing(session: Any, ops: Any) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise Unplugged("the disk went away")
        real(session, ops)

    monkeypatch.setattr(capture, "write_ops", failing)
    with pytest.raises(Unplugged):
        import_directory(db, path, batch=20)

    with db.reading() as s:
        conn = s.connection()
        services = conn.execute(text("SELECT count(*) FROM dir_service")).scalar_one()
        puts = conn.execute(
            text("SELECT count(*) FROM outbox WHERE entity = 'dir_service'")
        ).scalar_one()
    assert services == puts > 0  # the first batch, rows and ops together; none of the second


def test_cancel_between_commits_writes_nothing_read_since(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from linkworker.store import directory_import

    monkeypatch.setattr(directory_import, "_TICK", 5)  # asked every 5 services, within a batch
    path = _many_services(tmp_path, 12)
    seen: list[tuple[int, int]] = []

    report = import_directory(db, path, lambda d, t: seen.append((d, t)), lambda: True)

    assert report.cancelled and report.imported == 0
    assert seen == [(5, 12)]  # the file says nothing of its size: estimated from how far it got
    assert sum(counts(db).values()) == 0


def test_what_a_service_no_longer_lists_is_taken_out_when_imported_again(
    db: Database, tmp_path: Path
) -> None:
    """The walk moves from Tuesdays to Thursdays and stops saying it is free: the next import
    leaves one session and no price, and says so; the removals sync as tombstones."""
    from linkworker.store.directory_details import service_details

    import_directory(db, FIXTURES / "one_service.json")
    assert service_details(db, WALK).sessions == ("Tuesdays 10:00–11:30",)
    doc = json.loads((FIXTURES / "one_service.json").read_text())
    old_schedule, old_cost = doc["schedules"][0]["id"], doc["cost_options"][0]["id"]
    doc["schedules"] = [{**doc["schedules"][0], "id": "5c400000-0000-4000-8000-000000000002",
                         "byday": "TH", "description": None}]  # fmt: skip
    doc["cost_options"] = []
    path = tmp_path / "walk.json"
    path.write_text(json.dumps(doc))
    sent_before = len(outbox(db))

    report = import_directory(db, path)

    walk = service_details(db, WALK)
    assert walk.sessions == ("Thursdays 10:00–11:30",)
    assert walk.cost_details == ()
    assert table_rows(db, "dir_schedule")[old_schedule]["deleted_at"] is not None
    assert table_rows(db, "dir_cost_option")[old_cost]["deleted_at"] is not None
    assert (report.tallies["dir_schedule"].removed, report.tallies["dir_cost_option"].removed) == (
        1, 1
    )  # fmt: skip
    assert "Taken out, as their services no longer list them: schedules 1, cost options 1." in (
        report.summary().splitlines()
    )
    removals = [op for op in outbox(db)[sent_before:] if op.kind == "patch"]
    assert sorted((op.entity, op.entity_id) for op in removals) == [
        ("dir_cost_option", old_cost), ("dir_schedule", old_schedule)
    ]  # fmt: skip
    assert all(set(op.payload) == {"deleted_at"} for op in removals)

    held = len(outbox(db))
    again = import_directory(db, path)
    assert again.tallies["dir_schedule"].removed == 0
    assert [op.entity for op in outbox(db)[held:]] == ["audit_event"]  # nothing else to send


def test_a_service_read_with_a_problem_keeps_what_it_did_not_list(
    db: Database, tmp_path: Path
) -> None:
    """A list the file got wrong is not a list of nothing: the sessions held stay."""
    import_directory(db, FIXTURES / "one_service.json")
    doc = json.loads((FIXTURES / "one_service.json").read_text())
    doc["schedules"] = "Tuesdays"  # not a list: left out, with a problem
    doc["cost_options"] = [{"id": "c0570000-0000-4000-8000-000000000009", "amount": "lots"}]
    path = tmp_path / "walk.json"
    path.write_text(json.dumps(doc))

    report = import_directory(db, path)

    assert report.errors
    assert all(t.removed == 0 for t in report.tallies.values())
    assert all(row["deleted_at"] is None for row in table_rows(db, "dir_schedule").values())
    assert all(row["deleted_at"] is None for row in table_rows(db, "dir_cost_option").values())


def test_a_check_made_here_is_not_taken_back_by_importing_the_file_again(
    db: Database, tmp_path: Path
) -> None:
    """The worker marks the walk checked today; the nightly file still gives its older date,
    and leaves the check. A file re-assured later than the check moves the date on."""
    import datetime as dt

    from linkworker.store.directory_actions import mark_checked

    import_directory(db, FIXTURES / "one_service.json")
    today = dt.date(2026, 12, 3)
    mark_checked(db, WALK, today)

    again = import_directory(db, FIXTURES / "one_service.json")

    assert (again.updated, again.unchanged) == (0, 1)
    assert table_rows(db, "dir_service")[WALK]["assured_date"] == today
    doc = json.loads((FIXTURES / "one_service.json").read_text())
    doc["assured_date"] = "2027-01-15"
    path = tmp_path / "walk.json"
    path.write_text(json.dumps(doc))
    assert import_directory(db, path).updated == 1
    assert table_rows(db, "dir_service")[WALK]["assured_date"] == dt.date(2027, 1, 15)

"""``import-directory`` on the server: Open Referral UK data into the organisation's directory, from
where every laptop of the organisation pulls it.

Reads every form the laptop's importer reads, with the same parser (``care.hsds``): a service, a
list or ``contents`` page of services, an organisation with its ``services``, or a folder or .zip
of CSV files with a ``datapackage.json``; every kind of directory record in them (organisations,
services, locations, addresses, schedules, costs, contacts, phones, …) and every problem found,
none of them fatal. Each record is written as the server writes (``server_write``: merged like
a laptop's edit, so a re-import changes only what changed), in batches, in the caller's
transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from linkworker.care import hsds
from linkworker.server import tables as t
from linkworker.server.records import Ledger, server_write

BATCH = 2000  # rows written at a time


@dataclass
class ImportReport:
    """Services imported (new), updated (there before) and skipped, and every problem."""

    imported: int = 0
    updated: int = 0
    skipped: int = 0
    removed: int = 0  # records a service no longer lists of its own (sessions, costs, ...)
    problems: list[hsds.Problem] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"Imported {self.imported}, updated {self.updated}, skipped {self.skipped}.",
            *([f"Taken out, as their services no longer list them: {self.removed}."]
              if self.removed else []),
            *(f"  {p.severity}: {p}" for p in self.problems),
        ]  # fmt: skip
        return "\n".join(lines)


@dataclass
class _Whole:
    """The services read whole so far (``hsds.Record.whole``), and every id they listed."""

    services: set[str] = field(default_factory=set)
    listed: set[str] = field(default_factory=set)

    def add(self, record: hsds.Record) -> None:
        if record.entity == "service" and record.whole:
            self.services.update(row["id"] for table, row in record.rows if table == "dir_service")
            self.listed.update(row["id"] for _, row in record.rows)


def import_file(conn: Connection, org_id: str, path: str | Path) -> ImportReport:
    """Import the file (or folder) into the organisation's directory.

    Raises ValueError when nothing in it could be read (the message says why)."""
    report = ImportReport()
    ledger = Ledger(conn, org_id)
    with hsds.open_directory(path) as reader:
        pending: list[hsds.Record] = []
        rows = 0
        whole = _Whole()
        for record in reader.records():
            whole.add(record)
            pending.append(record)
            rows += len(record.rows)
            if rows >= BATCH:
                _write(conn, org_id, reader, pending, ledger, report)
                pending, rows = [], 0
        _write(conn, org_id, reader, pending, ledger, report)
        if not reader.read_nothing:
            _remove_dropped(conn, org_id, whole, ledger, report)
    ledger.close()
    report.problems = reader.problems.as_list()
    report.skipped = reader.skipped["dir_service"]
    if reader.read_nothing:
        raise ValueError(" ".join(str(p) for p in report.problems if p.severity == "error"))
    return report


def _write(
    conn: Connection,
    org_id: str,
    reader: hsds.Reader,
    records: list[hsds.Record],
    ledger: Ledger,
    report: ImportReport,
) -> None:
    if not records:
        return
    by_table: dict[str, list[hsds.Row]] = defaultdict(list)
    for record in records:
        for table, row in record.rows:
            by_table[table].append(row)
    reader.check_references(by_table, lambda table, ids: _held(conn, org_id, table, ids))
    writes: list[tuple[str, str, dict[str, Any]]] = []
    for table in hsds.TABLE_ORDER:
        rows = by_table.get(table, [])
        there = _stored(conn, org_id, table, [r["id"] for r in rows])
        if table == "dir_service":
            report.updated += sum(1 for r in rows if r["id"] in there)
            report.imported += sum(1 for r in rows if r["id"] not in there)
        for row in rows:
            old = there.get(row["id"])
            if old is None:
                values = {k: _jsonable(v) for k, v in hsds.with_defaults(table, row).items()}
            else:  # only what changed: an unchanged record is not sent to every laptop again
                values = {k: _jsonable(v) for k, v in row.items()}
                values = {
                    k: v for k, v in values.items()
                    if k not in old or (old[k] != v and not hsds.stands_over(table, k, old[k], v))
                }  # fmt: skip
                if not values:
                    continue
            writes.append((table, row["id"], values))
    server_write(conn, org_id, writes, ledger)


def _remove_dropped(
    conn: Connection, org_id: str, whole: _Whole, ledger: Ledger, report: ImportReport
) -> None:
    """Tombstone what each service read whole no longer lists of its own (as the laptop's
    importer does: ``hsds.OWNED_BY_SERVICE``), once, after the last batch: one pass over each
    kind of record the organisation holds."""
    if not whole.services:
        return
    places = {
        sal: service
        for sal, service in _live_links(conn, org_id, "dir_service_at_location", "service_id")
    }
    gone: list[tuple[str, str, dict[str, Any]]] = []
    now = dt.datetime.now(dt.UTC).isoformat()
    owners = [(table, column, False) for table, column in hsds.OWNED_BY_SERVICE]
    owners += [(table, column, True) for table, column in hsds.OWNED_BY_SERVICE_AT_LOCATION]
    seen: set[tuple[str, str]] = set()
    for table, column, by_place in owners:
        for row_id, owner in _live_links(conn, org_id, table, column):
            service = places.get(owner) if by_place else owner
            wanted = service in whole.services and row_id not in whole.listed
            if wanted and (table, row_id) not in seen:
                seen.add((table, row_id))
                gone.append((table, row_id, {"deleted_at": now}))
    for start in range(0, len(gone), BATCH):
        server_write(conn, org_id, gone[start : start + BATCH], ledger)
    report.removed += len(gone)


def _live_links(conn: Connection, org_id: str, entity: str, column: str) -> list[tuple[str, Any]]:
    """(id, the value of ``column``) of each live record of this kind the organisation holds."""
    link = t.record.c.doc[("values", column)].as_string()
    rows = conn.execute(
        select(t.record.c.entity_id, link).where(
            t.record.c.org_id == org_id,
            t.record.c.entity == entity,
            t.record.c.deleted.is_(False),
            link.is_not(None),
        )
    )
    return [(row[0], row[1]) for row in rows]


def _held(conn: Connection, org_id: str, entity: str, ids: Collection[str]) -> set[str]:
    """Which of these records the organisation's directory holds."""
    found: set[str] = set()
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):
        found.update(
            conn.execute(
                select(t.record.c.entity_id).where(
                    t.record.c.org_id == org_id,
                    t.record.c.entity == entity,
                    t.record.c.entity_id.in_(wanted[start : start + 500]),
                )
            ).scalars()
        )
    return found


def _stored(
    conn: Connection, org_id: str, entity: str, ids: Collection[str]
) -> dict[str, dict[str, Any]]:
    """The values of those of these records the organisation's directory holds, by id."""
    found: dict[str, dict[str, Any]] = {}
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):
        rows = conn.execute(
            select(t.record.c.entity_id, t.record.c.doc).where(
                t.record.c.org_id == org_id,
                t.record.c.entity == entity,
                t.record.c.entity_id.in_(wanted[start : start + 500]),
            )
        )
        for entity_id, doc in rows:
            found[entity_id] = (json.loads(doc) if isinstance(doc, str) else doc)["values"]
    return found


def _jsonable(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value

"""Exporting the directory as Open Referral UK (HSDS 3.0, UK profile) JSON.

The file is the API's paged list (``total_items`` … ``contents``) as one page, each service fully
nested as the schema's compiled service document has it (``service_compiled.json``): its
organisation, service-at-locations with their location (addresses, accessibility, phones,
languages), schedules, cost options, phones, contacts, languages, service areas, and attributes
with their taxonomy terms. It validates against the schema, and reads back with
``import_directory`` without a change.

Where the UK profile has no place for something the directory holds, the HSDS 3.0 field is used
(the profile allows extra fields): languages' names and codes, phones nested in contacts and
locations, schedules of a location. A field the schema requires but the directory does not know
(an organisation's description, an address's county) is written empty. Services are written in
order of id, a chunk at a time, so the export of a large directory needs little memory; records
tombstoned (deleted) are left out, and so is anything no service leads to.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
from sqlalchemy import ColumnElement, Connection, Table, bindparam, func, literal_column, or_
from sqlalchemy import select as sql_select

from linkworker.care import hsds
from linkworker.store import audit
from linkworker.store.database import Database
from linkworker.store.directory_import import synced_table

CHUNK = 1000  # services read and written at a time

Row = Mapping[Any, Any]  # a row as SQLAlchemy gives it
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportReport:
    path: Path
    services: int

    def summary(self) -> str:
        noun = "service" if self.services == 1 else "services"
        return f"Exported {self.services:,} {noun} to {self.path} (Open Referral UK JSON)."


def export_directory(
    db: Database, out_path: str | Path, progress: Progress | None = None
) -> ExportReport:
    """Write every service in the directory to ``out_path`` (written whole, then moved into
    place, so a failed export leaves no half file); ``progress(done, total)`` after each chunk."""
    out = Path(out_path)
    partial = out.with_name(out.name + ".part")
    services = _tables("dir_service")
    failed: OSError | None = None  # the file's fault, not the database's: said as such
    with db.reading() as session:
        conn = session.connection()
        total = conn.execute(
            sql_select(func.count()).select_from(services).where(services.c.deleted_at.is_(None))
        ).scalar_one()
        try:
            with partial.open("w", encoding="utf-8") as handle:
                written = _write(conn, handle, total, progress)
            os.replace(partial, out)
        except OSError as exc:
            failed = exc
        finally:
            partial.unlink(missing_ok=True)
    if failed is not None:
        raise failed
    with db.transaction() as session:
        audit.record(session, "directory exported", entity="dir_service", detail=f"{written}")
    return ExportReport(out, written)


def _write(conn: Connection, handle: Any, total: int, progress: Progress | None) -> int:
    head = {
        "total_items": total,
        "total_pages": 1,
        "page_number": 1,
        "size": total,
        "first_page": True,
        "last_page": True,
        "empty": total == 0,
    }
    handle.write(json.dumps(head, indent=1)[:-2] + ',\n "contents": [')
    services = _tables("dir_service")
    query = (
        sql_select(services)
        .where(services.c.deleted_at.is_(None))
        .order_by(services.c.id)
        .execution_options(yield_per=CHUNK)
    )
    written = 0
    encode = msgspec.json.Encoder().encode
    for chunk in conn.execute(query).mappings().partitions():
        for doc in _Documents(conn, chunk).services():
            handle.write(("\n  " if not written else ",\n  ") + encode(doc).decode())
            written += 1
        if progress is not None:
            progress(written, total)
    handle.write("\n ]\n}\n")
    return written


def _tables(name: str) -> Table:
    return synced_table(name)


def _json(ids: Iterable[str]) -> str:
    return msgspec.json.encode(sorted(set(ids))).decode()


def _any_of(column: Any, name: str) -> ColumnElement[bool]:
    ids: Any = sql_select(literal_column("value")).select_from(func.json_each(bindparam(name)))
    return column.in_(ids)  # type: ignore[no-any-return]


class _Documents:
    """The rows a chunk of services leads to, fetched a table at a time, made into documents."""

    def __init__(self, conn: Connection, services: Sequence[Row]) -> None:
        self.conn = conn
        self.services_rows = services
        service_ids = [s["id"] for s in services]
        self.orgs = self._by_id("dir_organization", [s["organization_id"] for s in services])
        sals = self._where("dir_service_at_location", service_id=service_ids)
        self.sals = _group(sals, "service_id")
        self.locations = self._by_id("dir_location", [r["location_id"] for r in sals])
        location_ids = list(self.locations)
        sal_ids = [r["id"] for r in sals]
        org_ids = list(self.orgs)
        self.addresses = _group(self._where("dir_address", location_id=location_ids), "location_id")
        self.access = _group(
            self._where("dir_accessibility", location_id=location_ids), "location_id"
        )
        self.costs = _group(self._where("dir_cost_option", service_id=service_ids), "service_id")
        self.areas = _group(self._where("dir_service_area", service_id=service_ids), "service_id")
        contacts = self._where(
            "dir_contact",
            service_id=service_ids,
            service_at_location_id=sal_ids,
            location_id=location_ids,
            organization_id=org_ids,
        )
        self.contacts = _homes(
            contacts, ("service_id", "service_at_location_id", "location_id", "organization_id")
        )
        phones = self._where(
            "dir_phone",
            service_id=service_ids,
            service_at_location_id=sal_ids,
            location_id=location_ids,
            organization_id=org_ids,
            contact_id=[c["id"] for c in contacts],
        )
        self.phones = _homes(
            phones,
            (
                "contact_id",
                "service_id",
                "service_at_location_id",
                "location_id",
                "organization_id",
            ),
        )
        schedules = self._where(
            "dir_schedule",
            service_id=service_ids,
            service_at_location_id=sal_ids,
            location_id=location_ids,
        )
        self.schedules = _homes(schedules, ("service_id", "service_at_location_id", "location_id"))
        languages = self._where(
            "dir_language",
            service_id=service_ids,
            location_id=location_ids,
            phone_id=[p["id"] for p in phones],
        )
        self.languages = _homes(languages, ("phone_id", "service_id", "location_id"))
        linked = [*service_ids, *org_ids, *location_ids, *sal_ids]
        linked += [
            r["id"]
            for group in (self.addresses, self.access, self.costs, self.areas)
            for rows in group.values()
            for r in rows
        ]
        linked += [r["id"] for r in (*contacts, *phones, *schedules, *languages)]
        attributes = self._where("dir_attribute", link_id=linked)
        self.attributes = _group(attributes, "link_id")
        self.terms = self._by_id("dir_taxonomy_term", [a["taxonomy_term_id"] for a in attributes])

    def _where(self, name: str, **columns: Sequence[str | None]) -> list[Row]:
        """Live rows whose column is any of the given ids (any of the columns given)."""
        table = _tables(name)
        params = {f"ids_{column}": _json(v for v in ids if v) for column, ids in columns.items()}
        if all(p == "[]" for p in params.values()):
            return []
        conditions = [_any_of(table.c[column], f"ids_{column}") for column in columns]
        query = sql_select(table).where(table.c.deleted_at.is_(None), or_(*conditions))
        return sorted(
            self.conn.execute(query.order_by(table.c.id), params).mappings().all(),
            key=lambda r: r["id"],
        )

    def _by_id(self, name: str, ids: Iterable[str | None]) -> dict[str, Row]:
        return {r["id"]: r for r in self._where(name, id=list(ids))}

    # ------------------------------------------------------------------- documents

    def services(self) -> Iterable[dict[str, Any]]:
        for row in self.services_rows:
            doc = _fields(hsds.SERVICE, row)
            org = self.orgs.get(row["organization_id"] or "")
            if org is not None:
                doc["organization"] = self._organization(org)
            self._nest(
                doc,
                "service_at_locations",
                [self._service_at_location(r) for r in self.sals.get(row["id"], [])],
            )
            self._children(doc, row["id"], "service")
            self._nest(
                doc,
                "cost_options",
                [self._plain(hsds.COST_OPTION, r) for r in self.costs.get(row["id"], [])],
            )
            self._nest(
                doc,
                "service_areas",
                [self._plain(hsds.SERVICE_AREA, r) for r in self.areas.get(row["id"], [])],
            )
            self._attributes(doc, row["id"])
            yield doc

    def _children(self, doc: dict[str, Any], row_id: str, home: str) -> None:
        """Schedules, phones, contacts and languages whose home (see ``_homes``) is this row."""
        key = (home, row_id)
        self._nest(
            doc, "schedules", [self._plain(hsds.SCHEDULE, r) for r in self.schedules.get(key, [])]
        )
        self._nest(doc, "phones", [self._phone(r) for r in self.phones.get(key, [])])
        self._nest(doc, "contacts", [self._contact(r) for r in self.contacts.get(key, [])])
        self._nest(
            doc, "languages", [self._plain(hsds.LANGUAGE, r) for r in self.languages.get(key, [])]
        )

    def _organization(self, row: Row) -> dict[str, Any]:
        doc = _fields(hsds.ORGANIZATION, row)
        key = ("organization", row["id"])
        self._nest(doc, "phones", [self._phone(r) for r in self.phones.get(key, [])])
        self._nest(doc, "contacts", [self._contact(r) for r in self.contacts.get(key, [])])
        self._attributes(doc, row["id"])
        return doc

    def _service_at_location(self, row: Row) -> dict[str, Any]:
        doc = _fields(hsds.SERVICE_AT_LOCATION, row)
        location = self.locations.get(row["location_id"])
        if location is not None:
            doc["location"] = self._location(location)
        self._children(doc, row["id"], "service_at_location")
        self._attributes(doc, row["id"])
        return doc

    def _location(self, row: Row) -> dict[str, Any]:
        doc = _fields(hsds.LOCATION, row)
        self._nest(
            doc,
            "addresses",
            [self._plain(hsds.ADDRESS, r) for r in self.addresses.get(row["id"], [])],
        )
        self._nest(
            doc,
            "accessibility",
            [self._plain(hsds.ACCESSIBILITY, r) for r in self.access.get(row["id"], [])],
        )
        self._children(doc, row["id"], "location")
        self._attributes(doc, row["id"])
        return doc

    def _contact(self, row: Row) -> dict[str, Any]:
        doc = _fields(hsds.CONTACT, row)
        self._nest(
            doc, "phones", [self._phone(r) for r in self.phones.get(("contact", row["id"]), [])]
        )
        self._attributes(doc, row["id"])
        return doc

    def _phone(self, row: Row) -> dict[str, Any]:
        doc = _fields(hsds.PHONE, row)
        self._nest(
            doc,
            "languages",
            [self._plain(hsds.LANGUAGE, r) for r in self.languages.get(("phone", row["id"]), [])],
        )
        self._attributes(doc, row["id"])
        return doc

    def _plain(self, spec: hsds.Spec, row: Row) -> dict[str, Any]:
        doc = _fields(spec, row)
        self._attributes(doc, row["id"])
        return doc

    def _attributes(self, doc: dict[str, Any], row_id: str) -> None:
        items = []
        for row in self.attributes.get(row_id, []):
            item = _fields(hsds.ATTRIBUTE, row)
            term = self.terms.get(row["taxonomy_term_id"])
            if term is not None:
                item["taxonomy_term"] = _fields(hsds.TAXONOMY_TERM, term)
            items.append(item)
        self._nest(doc, "attributes", items)

    @staticmethod
    def _nest(doc: dict[str, Any], key: str, items: list[dict[str, Any]]) -> None:
        if items:
            doc[key] = items


def _group(rows: Iterable[Row], column: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row[column] is not None:
            grouped[row[column]].append(row)
    return grouped


_HOMES = {
    "service_id": "service",
    "service_at_location_id": "service_at_location",
    "location_id": "location",
    "organization_id": "organization",
    "contact_id": "contact",
    "phone_id": "phone",
}


def _homes(rows: Iterable[Row], order: Sequence[str]) -> dict[tuple[str, str], list[Row]]:
    """Rows by the one place each is written in the document: the first of ``order`` that it
    names (a schedule of a service and of one of its locations goes with the service)."""
    grouped: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        for column in order:
            if row[column] is not None:
                grouped[(_HOMES[column], row[column])].append(row)
                break
    return grouped


def _fields(spec: hsds.Spec, row: Row) -> dict[str, Any]:
    """A row's columns under the standard's names, as the standard writes them: empty fields
    left out, except those the schema requires (written as empty text)."""
    doc: dict[str, Any] = {}
    for name, column, kind in _exported(spec):
        value = row[column]
        if value is None:
            if name in spec.required:
                doc[name] = ""
            continue
        doc[name] = hsds.to_json(kind, value)
    return doc


_EXPORTED: dict[str, tuple[tuple[str, str, str], ...]] = {}


def _exported(spec: hsds.Spec) -> tuple[tuple[str, str, str], ...]:
    """(field, column, kind) for each of the spec's own fields (not its other names)."""
    found = _EXPORTED.get(spec.table)
    if found is None:
        found = tuple(
            (name, column, kind)
            for name, (column, kind) in spec.fields.items()
            if name not in spec.aliases
        )
        _EXPORTED[spec.table] = found
    return found

"""Importing an Open Referral UK directory into the encrypted database, in batches, to sync.

``import_directory`` reads the file with ``care.hsds`` (every form the standard has; every problem
collected, none fatal) and upserts by id: a new record is inserted, a changed one updated, an
unchanged one left alone; nothing is ever duplicated, and records missing from the file are not
removed. Each batch of rows is one transaction; between batches it reports progress and stops,
keeping what was committed, if asked to cancel.

Every row written syncs. The ORM's flush listener (``capture``) would do that one object at a
time, which is far too slow for a directory of many thousands of services, so rows are written
with SQLAlchemy Core ``executemany`` and their outbox ops with them, in the same transaction,
stamped by ``capture.write_ops`` exactly as the listener stamps its own: a ``put`` with every
column for a new row, a ``patch`` with only the changed fields (and the row's version as its base)
for an edit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import msgspec
from sqlalchemy import Connection, Table, bindparam, func, insert, literal_column, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from linkworker.care import hsds
from linkworker.store import audit, capture
from linkworker.store.database import Database
from linkworker.store.directory_search import deferred_indexing
from linkworker.store.tables import Synced, utcnow

DEFAULT_BATCH = 25_000  # rows per transaction (a service with all it holds is about a dozen)
_TICK = 500  # records read between reports of progress (and looks at Cancel) within a batch
_CACHE_KIB = 131_072  # page cache while a batch is written (the usual is 32 MiB)

Progress = Callable[[int, int], None]


@dataclass
class Tally:
    """What became of one kind of record."""

    imported: int = 0  # new
    updated: int = 0  # there before, changed
    unchanged: int = 0  # there before, the same
    skipped: int = 0  # not imported, for a problem listed in the report
    removed: int = 0  # no longer listed by the service that held it, so taken out

    def __bool__(self) -> bool:
        return bool(self.imported or self.updated or self.unchanged or self.skipped)


@dataclass
class ImportReport:
    """What an import did: counts by kind of record (services first), and every problem."""

    source: str
    form: str = ""  # what the file was: "a single service", "a page of services", …
    tallies: dict[str, Tally] = field(
        default_factory=lambda: {t: Tally() for t in hsds.TABLE_ORDER}
    )
    problems: list[hsds.Problem] = field(default_factory=list)
    cancelled: bool = False
    read_nothing: bool = False  # the file could not be read at all

    @property
    def services(self) -> Tally:
        return self.tallies["dir_service"]

    @property
    def imported(self) -> int:
        return self.services.imported

    @property
    def updated(self) -> int:
        return self.services.updated

    @property
    def unchanged(self) -> int:
        return self.services.unchanged

    @property
    def skipped(self) -> int:
        return self.services.skipped

    @property
    def errors(self) -> list[hsds.Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[hsds.Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def summary(self) -> str:
        """The report as plain text, for the command line."""
        if self.read_nothing:
            lines = [f"Nothing was imported from {self.source}."]
        else:
            s = self.services
            form = f" ({self.form})" if self.form else ""
            lines = [
                f"Read {self.source}{form}: {_many(s.imported, 'new service')}, "
                f"{s.updated:,} updated, {s.unchanged:,} unchanged, {s.skipped:,} skipped."
            ]
            kinds = [(hsds.BY_TABLE[t].plural, n) for t, n in self.tallies.items() if n]
            if kinds:
                width = max(len(name) for name, _ in kinds)
                lines.append(
                    f"  {'':<{width}}  {'new':>7} {'updated':>8} {'unchanged':>10} {'skipped':>8}"
                )
                for name, n in kinds:
                    lines.append(
                        f"  {name:<{width}}  {n.imported:>7,} {n.updated:>8,} "
                        f"{n.unchanged:>10,} {n.skipped:>8,}"
                    )
            removed = [(hsds.BY_TABLE[t].plural, n.removed) for t, n in self.tallies.items()]
            removed = [(name, count) for name, count in removed if count]
            if removed:
                lines.append(
                    "Taken out, as their services no longer list them: "
                    + ", ".join(f"{name} {count:,}" for name, count in removed)
                    + "."
                )
        if self.cancelled:
            lines.append(
                "Cancelled: what was saved before stopping is kept. Import the file "
                "again to finish; records already saved count as unchanged."
            )
        if not self.problems:
            lines.append("No problems found.")
            return "\n".join(lines)
        errors, warnings = len(self.errors), len(self.warnings)
        lines.append(
            f"Problems: {_many(errors, 'error')}, {_many(warnings, 'warning')} "
            "(record, field: what is wrong and what was done):"
        )
        lines += [f"  {p.severity:<7}  {p}" for p in self.problems]
        return "\n".join(lines)


def _many(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def import_directory(
    db: Database,
    path: str | Path,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    batch: int = DEFAULT_BATCH,
) -> ImportReport:
    """Import an Open Referral UK file (JSON) or folder / .zip (CSV with datapackage.json).

    ``progress(done, total)`` is called as reading goes (records read so far, and how many the
    file holds, estimated where it does not say); ``cancel()`` is asked at the same moments, and
    when it answers True the import stops there: the batches committed stay, the records read
    since are not written. ``batch`` is the number of rows (every kind together) per
    transaction; a record is never split.
    """
    if batch < 1:
        raise ValueError("batch must be at least 1")
    source = Path(path)
    report = ImportReport(source=source.name or str(source))
    with hsds.open_directory(source) as reader:
        writer = _Writer(db, reader, report)
        pending: list[hsds.Record] = []
        rows = 0
        for record in reader.records():
            pending.append(record)
            rows += len(record.rows)
            if rows >= batch:
                writer.write(pending)
                pending, rows = [], 0
            elif len(pending) % _TICK:
                continue
            if progress is not None:
                progress(*reader.progress())
            if cancel is not None and cancel():
                report.cancelled = True
                pending = []
                break
        if pending:
            writer.write(pending)
        report.form = reader.form
        report.read_nothing = reader.read_nothing
        report.problems = reader.problems.as_list()
        for table, n in reader.skipped.items():
            report.tallies[table].skipped += n
        done = reader.done
    if progress is not None and not report.cancelled:
        progress(done, done)
    s = report.services
    with db.transaction() as session:
        audit.record(
            session,
            "directory imported",
            entity="dir_service",
            detail=f"{s.imported} new, {s.updated} updated, {s.unchanged} unchanged, "
            f"{s.skipped} skipped services; {len(report.problems)} problems"
            + ("; cancelled" if report.cancelled else ""),
        )
    return report


def synced_table(name: str) -> Table:
    """One of the directory's tables (``dir_service``, …)."""
    return _tables()[name]


@cache
def _tables() -> dict[str, Table]:
    import linkworker.store.tables as tables

    found: dict[str, Table] = {}
    for model in vars(tables).values():
        if isinstance(model, type) and issubclass(model, Synced) and hasattr(model, "__table__"):
            table = model.__table__
            if isinstance(table, Table) and str(table.name) in hsds.BY_TABLE:
                found[str(table.name)] = table
    return found


@dataclass(frozen=True)
class _Shape:
    """How one table's rows go to the driver: its columns, INSERT statement, value converters."""

    table: Table
    insert: str  # INSERT … VALUES (?, …), every column in order
    values: Callable[[dict[str, Any]], tuple[Any, ...]]  # a row's values in that order
    template: dict[str, Any]  # a new row: the tables' own defaults (status "active", …)
    # Columns (other than the ones every row is stamped with) whose values the driver takes as
    # the column's type makes them (dates and times as text, floats), by what makes them.
    convert: dict[str, Callable[[Any], Any]]

    @classmethod
    def of(cls, name: str, dialect: Any) -> _Shape:
        table = _tables()[name]
        columns = [str(c.name) for c in table.columns]
        template: dict[str, Any] = {}
        convert: dict[str, Callable[[Any], Any]] = {}
        for column in table.columns:
            default = column.default
            scalar = isinstance(default, ScalarElementColumnDefault)
            template[column.name] = default.arg if scalar else None  # type: ignore[union-attr]
            processor = column.type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None and column.name not in _STAMPED:
                convert[column.name] = processor
        sql = str(insert(table).compile(dialect=dialect, column_keys=columns))
        return cls(table, sql, itemgetter(*columns), template, convert)


_STAMPED = ("org_id", "created_at", "updated_at", "deleted_at", "version")


def _stored(table: Table, column: str, dialect: Any, value: Any) -> Any:
    """A value as the column's own type hands it to the driver."""
    processor = table.c[column].type.dialect_impl(dialect).bind_processor(dialect)
    return value if processor is None else processor(value)


class _Writer:
    """Writes batches of records: each batch one transaction with its outbox ops."""

    def __init__(self, db: Database, reader: hsds.Reader, report: ImportReport) -> None:
        self.db = db
        self.reader = reader
        self.report = report
        self._shapes: dict[str, _Shape] = {}

    def write(self, records: list[hsds.Record]) -> None:
        by_table: dict[str, list[hsds.Row]] = defaultdict(list)
        for record in records:
            for table, row in record.rows:
                by_table[table].append(row)
        with self.db.transaction() as session:
            conn = session.connection()
            # Rows go in parents first, but a taxonomy term may name a parent term later in the
            # batch: foreign keys are checked at commit (every reference was checked before).
            conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            # Ids are random, so each row lands on its own index pages: a larger page cache
            # while the batch is written saves reading (and decrypting) them again.
            usual = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
            conn.exec_driver_sql(f"PRAGMA cache_size = {-_CACHE_KIB}")
            try:
                self.reader.check_references(by_table, lambda t, ids: _existing(conn, t, ids))
                with deferred_indexing(conn):  # each service indexed for search once, at the end
                    self._write(session, conn, by_table, records)
            finally:
                conn.exec_driver_sql(f"PRAGMA cache_size = {int(usual)}")

    def _write(
        self,
        session: Session,
        conn: Connection,
        by_table: dict[str, list[hsds.Row]],
        records: list[hsds.Record],
    ) -> None:
        org_id = capture.device_org_id(session)
        now = utcnow()
        ops: list[capture.RowOp] = []
        for table in hsds.TABLE_ORDER:
            rows = by_table.get(table)
            if rows:
                self._upsert(conn, table, rows, ops, org_id, now)
        self._remove_dropped(conn, records, ops, now)
        capture.write_ops(session, ops)

    def _remove_dropped(
        self,
        conn: Connection,
        records: list[hsds.Record],
        ops: list[capture.RowOp],
        now: dt.datetime,
    ) -> None:
        """Tombstone what each service read whole no longer lists of its own: a session that
        stopped, a price that went, a place it left (``hsds.OWNED_BY_SERVICE``)."""
        dropped = _dropped_rows(conn, records)
        stamp = _stored(_tables()["dir_service"], "updated_at", conn.dialect, now)
        for table, gone in dropped.items():
            conn.exec_driver_sql(
                f'UPDATE "{table}" SET deleted_at = ?, updated_at = ? WHERE id = ?',
                [(stamp, stamp, row_id) for row_id, _ in gone],
            )
            for row_id, version in gone:
                ops.append(
                    capture.RowOp(table, row_id, "patch", version, {"deleted_at": now.isoformat()})
                )
            self.report.tallies[table].removed += len(gone)

    def _upsert(
        self,
        conn: Connection,
        name: str,
        rows: list[hsds.Row],
        ops: list[capture.RowOp],
        org_id: str,
        now: dt.datetime,
    ) -> None:
        shape = self._shapes.get(name)
        if shape is None:
            shape = self._shapes[name] = _Shape.of(name, conn.dialect)
        table = shape.table
        tally = self.report.tallies[name]
        before: dict[str, Any] = {}  # id → the row as it is
        query = select(table).where(table.c.id.in_(_json_ids()))
        for found in conn.execute(query, {"ids": _json([r["id"] for r in rows])}).mappings():
            before[found["id"]] = found
        at = _stored(table, "created_at", conn.dialect, now)
        stored = {
            "org_id": org_id,
            "created_at": at,
            "updated_at": at,
            "deleted_at": None,
            "version": 1,
        }
        sent = {**stored, "created_at": now.isoformat(), "updated_at": now.isoformat()}
        template, convert, in_order = shape.template, shape.convert, shape.values
        inserts: list[tuple[Any, ...]] = []
        updates: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            row_id = row["id"]
            old = before.get(row_id)
            if old is None:
                as_text = {}  # dates and times: ISO text in the op, the column's text in the row
                as_stored = {}
                for column, to_driver in convert.items():
                    value = row.get(column)
                    if value is not None:
                        as_stored[column] = to_driver(value)
                        if isinstance(value, dt.date | dt.time):
                            as_text[column] = value.isoformat()
                payload = template | row | as_text | sent
                ops.append(capture.RowOp(name, row_id, "put", None, payload))
                inserts.append(in_order(template | row | as_stored | stored))
                continue
            changed = {
                k: v for k, v in row.items()
                if old[k] != v and not hsds.stands_over(name, k, old[k], v)
            }  # fmt: skip
            if old["deleted_at"] is not None:
                changed["deleted_at"] = None  # in the file again: back in the directory
            if not changed:
                tally.unchanged += 1
                continue
            payload = {k: capture.jsonable(v) for k, v in changed.items()}
            ops.append(capture.RowOp(name, row_id, "patch", old["version"], payload))
            changed["updated_at"] = now
            changed["_id"] = row_id
            updates[tuple(sorted(changed))].append(changed)
        if inserts:
            conn.exec_driver_sql(shape.insert, inserts)
            tally.imported += len(inserts)
        for keys, params in updates.items():
            setting: dict[str, Any] = {c: bindparam(c) for c in keys if c != "_id"}
            conn.execute(
                update(table).where(table.c.id == bindparam("_id")).values(setting), params
            )
            tally.updated += len(params)


def _dropped_rows(conn: Connection, records: list[hsds.Record]) -> dict[str, list[tuple[str, int]]]:
    """(id, version) by table of the live rows the services read whole own and no longer list
    (the server does the same over its records: ``server.directory``)."""
    services: list[str] = []
    listed: set[tuple[str, str]] = set()
    for record in records:
        if record.entity != "service" or not record.whole:
            continue
        services += [row["id"] for table, row in record.rows if table == "dir_service"]
        listed.update((table, row["id"]) for table, row in record.rows)
    if not services:
        return {}
    found: dict[str, list[tuple[str, int]]] = defaultdict(list)
    each = "SELECT value FROM json_each(?)"
    owners = [(table, f"{column} IN ({each})") for table, column in hsds.OWNED_BY_SERVICE]
    places = f"SELECT id FROM dir_service_at_location WHERE service_id IN ({each})"
    owners += [(table, f"{column} IN ({places})")
               for table, column in hsds.OWNED_BY_SERVICE_AT_LOCATION]  # fmt: skip
    for table, owned in owners:
        sql = f'SELECT id, version FROM "{table}" WHERE deleted_at IS NULL AND {owned}'
        for row_id, version in conn.exec_driver_sql(sql, (_json(services),)):
            if (table, row_id) not in listed:
                listed.add((table, row_id))  # found once (a schedule of the service and a place)
                found[table].append((row_id, int(version)))
    return dict(found)


def _existing(conn: Connection, name: str, ids: Collection[str]) -> set[str]:
    """Which of these ids the table holds (tombstoned rows too: an import may bring them back)."""
    table = _tables()[name]
    query = select(table.c.id).where(table.c.id.in_(_json_ids()))
    return set(conn.execute(query, {"ids": _json(list(ids))}).scalars())


def _json_ids() -> Any:
    """The ids bound as one JSON array (``ids``), unpacked by SQLite: one value to bind however
    many ids there are, and nothing built per id in Python."""
    return select(literal_column("value")).select_from(func.json_each(bindparam("ids")))


def _json(ids: list[str]) -> str:
    return msgspec.json.encode(ids).decode()

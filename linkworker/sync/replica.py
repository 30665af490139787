"""The laptop's side of sync, in its encrypted database: what to push, and applying what was pulled.

* ``pending``: the outbox as protocol ops, oldest first (ops the server refused for good are kept
  aside with the reason and not sent again);
* ``acknowledge``: drop the ops the server answered for, in one transaction, so a lost response
  only means sending them again (the server answers repeats as duplicates);
* ``apply_page``: write a page of changes and its new cursor in one transaction, so an interrupted
  first sync resumes from the last page saved. A row with local edits still waiting is not
  overwritten: the waiting edits are merged on top of the server's record with the same merge
  function the server will use (a rebase). Records that left this laptop's scope are deleted.
  Guarded fields in conflict become ``conflict`` rows for a person to resolve.

Pulled rows are written with plain SQL statements, not the ORM, so change capture does not turn
them into new outbox ops.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, case, delete, exists, func, select, update
from sqlalchemy import types as satypes

from linkworker.care.guarded import guarded_fields
from linkworker.care.hlc import HybridLogicalClock, Timestamp
from linkworker.store.database import Database
from linkworker.store.directory_search import deferred_indexing
from linkworker.store.tables import AuditEvent, Conflict, OutboxOp, Synced, SyncState
from linkworker.sync.merge import (
    META_FIELDS,
    Candidate,
    FieldStamp,
    IncomingOp,
    RecordState,
    expand_stamps,
    in_conflict,
    merge,
)
from linkworker.sync.protocol import (
    ACKNOWLEDGED,
    MAX_BATCH,
    Change,
    Op,
    OpResult,
    Page,
    PageChange,
    PullPage,
)

AnyChange = Change | PageChange  # a change as the server's models, or as the fast reader read it

Converter = Callable[[Any], Any]
CONFLICT_NAMESPACE = uuid.UUID("6b1f7c1e-5d8e-4b7e-9a43-3c1f0f5d2a10")


# ------------------------------------------------------------------------------ synced tables


@cache
def synced_tables() -> dict[str, Table]:
    """Every synced table by entity name."""
    import linkworker.store.tables as tables

    found: dict[str, Table] = {}
    for model in vars(tables).values():
        if isinstance(model, type) and issubclass(model, Synced) and hasattr(model, "__table__"):
            table = model.__table__
            assert isinstance(table, Table)
            found[str(table.name)] = table
    return found


def _to_datetime(value: Any) -> Any:
    if value is None or isinstance(value, dt.datetime):
        return value
    parsed = dt.datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _to_date(value: Any) -> Any:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _to_time(value: Any) -> Any:
    if value is None or isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(str(value))


def _identity(value: Any) -> Any:
    return value


def _converter(column_type: Any) -> Converter:
    """By the column's SQL type (TypeDecorators, such as sqlmodel's UTCDateTime, by their impl)."""
    kind = getattr(column_type, "impl_instance", column_type)
    if isinstance(kind, satypes.JSON):
        return _identity
    if isinstance(kind, satypes.DateTime):
        return _to_datetime
    if isinstance(kind, satypes.Date):
        return _to_date
    if isinstance(kind, satypes.Time):
        return _to_time
    if isinstance(kind, satypes.Boolean):
        return lambda v: None if v is None else bool(v)
    return _identity


@cache
def converters(entity: str) -> dict[str, Converter]:
    """How to turn each field's JSON value back into what its column holds."""
    return {str(c.name): _converter(c.type) for c in synced_tables()[entity].columns}


def coerce(entity: str, field: str, value: Any) -> Any:
    """A value as it travels (dates as ISO text) turned into the column's Python type."""
    return converters(entity).get(field, _identity)(value)


# -------------------------------------------------------------------------------------- push


def pending(db: Database, limit: int = MAX_BATCH, after: int | None = None) -> list[Op]:
    """The oldest ``limit`` ops waiting to be pushed (``after``: with a later ``device_seq``)."""
    out = OutboxOp.__table__.c  # type: ignore[attr-defined]
    with db.reading() as s:
        rows = s.execute(
            select(
                out.op_id,
                out.device_seq,
                out.entity,
                out.entity_id,
                out.kind,
                out.base_version,
                out.hlc,
                out.payload,
            )
            .where(out.rejected_reason.is_(None))
            .where(out.device_seq > (after if after is not None else -1))
            .order_by(out.device_seq)
            .limit(limit)
        ).all()
    return [
        Op(
            op_id=op_id, device_seq=seq, entity=entity, entity_id=entity_id, kind=kind,
            base_version=base, hlc=hlc, payload=payload or {},
        )
        for op_id, seq, entity, entity_id, kind, base, hlc, payload in rows
    ]  # fmt: skip


def acknowledge(db: Database, results: Iterable[OpResult]) -> tuple[int, int]:
    """Drop answered ops; keep refused ones aside with the reason. (dropped, refused)."""
    results = list(results)
    done = [r.op_id for r in results if r.status in ACKNOWLEDGED]
    refused = {
        r.op_id: r.reason or "Refused by the server." for r in results if r.status == "rejected"
    }
    out = OutboxOp.__table__  # type: ignore[attr-defined]
    with db.transaction() as s:
        for i in range(0, len(done), 500):
            s.execute(delete(out).where(out.c.op_id.in_(done[i : i + 500])))
        for op_id, reason in refused.items():
            s.execute(update(out).where(out.c.op_id == op_id).values(rejected_reason=reason))
    return len(done), len(refused)


def set_aside(db: Database, op_ids: Sequence[str], reason: str) -> None:
    acknowledge(
        db, [OpResult(op_id=i, device_seq=1, status="rejected", reason=reason) for i in op_ids]
    )


# -------------------------------------------------------------------------------------- pull


@dataclass(frozen=True)
class _Pending:
    kind: str
    hlc: str
    payload: dict[str, Any]
    base_version: int | None


def _pending_for(conn: Connection, entity: str, ids: list[str]) -> dict[str, list[_Pending]]:
    out = OutboxOp.__table__.c  # type: ignore[attr-defined]
    found: dict[str, list[_Pending]] = defaultdict(list)
    for i in range(0, len(ids), 500):
        rows = conn.execute(
            select(out.entity_id, out.kind, out.hlc, out.payload, out.base_version)
            .where(out.entity == entity, out.entity_id.in_(ids[i : i + 500]))
            .where(out.rejected_reason.is_(None))
            .order_by(out.device_seq)
        ).all()
        for entity_id, kind, hlc, payload, base in rows:
            found[entity_id].append(_Pending(kind, hlc, payload or {}, base))
    return found


def _rebase(change: AnyChange, waiting: list[_Pending]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The server's record with this laptop's waiting edits merged on top, as the server will."""
    state = RecordState(
        values=change.values,
        stamps=expand_stamps(
            change.values,
            FieldStamp(*change.stamp) if change.stamp else None,
            {k: FieldStamp(h, v) for k, (h, v) in change.stamps.items()},
        ),
        version=change.version,
        candidates={
            k: tuple(Candidate(c.value, c.hlc, c.version) for c in pool)
            for k, pool in change.candidates.items()
        },
    )
    guarded = guarded_fields(change.entity)
    for op in waiting:
        kind = "patch" if op.kind == "put" else op.kind
        state = merge(state, IncomingOp(kind, op.hlc, op.payload, op.base_version), guarded).state  # type: ignore[arg-type]
    candidates = {
        k: [{"value": c.value, "hlc": c.hlc, "version": c.version} for c in pool]
        for k, pool in state.candidates.items()
    }
    return dict(state.values), candidates


def _latest_stamp(change: AnyChange) -> str | None:
    common = change.stamp[0] if change.stamp is not None else None
    if not change.stamps:  # the usual case: one edit wrote every field
        return common
    newest = max(h for h, _ in change.stamps.values())
    return common if common is not None and common > newest else newest


def _moment(stamp: str | None) -> dt.datetime:
    """When a stamp was made: its first 13 digits are milliseconds since the epoch."""
    if stamp is None:
        return dt.datetime.now(dt.UTC)
    return dt.datetime.fromtimestamp(int(stamp[:13]) / 1000, dt.UTC)


_MS_A_DAY = 86_400_000


@cache
def _stored_day(days: int) -> str:
    return (dt.date(1970, 1, 1) + dt.timedelta(days=days)).isoformat()


def _stored_moment(stamp: str | None) -> str:
    """``_moment`` as the ``updated_at`` column stores it: ``YYYY-MM-DD HH:MM:SS.ffffff``, UTC."""
    if stamp is None:
        return _moment(None).replace(tzinfo=None).isoformat(" ", "microseconds")
    days, ms = divmod(int(stamp[:13]), _MS_A_DAY)
    seconds, ms = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{_stored_day(days)} {hours:02d}:{minutes:02d}:{seconds:02d}.{ms:03d}000"


@dataclass
class Applied:
    written: int = 0
    removed: int = 0
    rebased: int = 0
    newest: str | None = None  # the latest stamp among the changes written


def _conflict_id(entity: str, entity_id: str, name: str) -> str:
    """One row per field in conflict, whatever pulls bring it again."""
    return str(uuid.uuid5(CONFLICT_NAMESPACE, f"{entity}/{entity_id}/{name}"))


def _conflict_rows(
    entity: str, entity_id: str, candidates: dict[str, list[dict[str, Any]]], now: dt.datetime
) -> list[dict[str, Any]]:
    pools = {
        k: tuple(Candidate(c["value"], c["hlc"], c["version"]) for c in pool)
        for k, pool in candidates.items()
    }
    return [
        {
            "id": _conflict_id(entity, entity_id, name),
            "entity": entity,
            "entity_id": entity_id,
            "field": name,
            "candidates": sorted(candidates[name], key=lambda c: c["hlc"], reverse=True),
            "created_at": now,
        }
        for name in sorted(in_conflict(pools))
    ]


def _stored_datetime(bind: Converter) -> Converter:
    """Wire text to what the column stores. The usual wire form, UTC with ``+00:00``, is
    checked by parsing and then rearranged as text (SQLAlchemy's format for SQLite, naive UTC
    ``YYYY-MM-DD HH:MM:SS.ffffff``); anything else goes the long way, through a datetime."""

    def store(value: Any) -> Any:
        if type(value) is str and value.endswith("+00:00") and len(value) in (25, 32):
            dt.datetime.fromisoformat(value)  # refuses what is not a real moment
            if len(value) == 25:
                return f"{value[:10]} {value[11:19]}.000000"
            return f"{value[:10]} {value[11:26]}"
        return bind(_to_datetime(value))

    return store


def _stored_date(bind: Converter) -> Converter:
    def store(value: Any) -> Any:
        if type(value) is str and len(value) == 10:
            dt.date.fromisoformat(value)
            return value
        return bind(_to_date(value))

    return store


def _storage(column: Any, dialect: Any) -> Converter:
    """A field's JSON value as the column's SQLite storage value, as SQLAlchemy would bind it."""
    bind = column.type._cached_bind_processor(dialect) or _identity
    to_python = _converter(column.type)
    kind = getattr(column.type, "impl_instance", column.type)
    if isinstance(kind, satypes.DateTime):
        return _stored_datetime(bind)
    if isinstance(kind, satypes.Date):
        return _stored_date(bind)
    if to_python is _identity and bind is _identity:
        return _identity
    return lambda value: None if value is None else bind(to_python(value))


@dataclass(frozen=True)
class _Upsert:
    """One statement for a kind of record and the set of fields a change carries."""

    sql: str
    fields: tuple[str, ...]  # the change's values written, in column order
    convert: tuple[tuple[int, Converter], ...]  # the fields not stored as they travel
    created_at: int | None  # where created_at is among the fields, if it is
    pick: Callable[[dict[str, Any]], tuple[Any, ...]] = field(compare=False)


@cache
def _upsert(entity: str, keys: frozenset[str], dialect: Any) -> _Upsert:
    table = synced_tables()[entity]
    fields = tuple(
        str(c.name) for c in table.columns if c.name in keys and c.name not in META_FIELDS
    )
    names = [*fields, "id", "org_id", "version", "updated_at"]
    if "created_at" not in fields:
        names.append("created_at")
    quote = dialect.identifier_preparer.quote
    updates = ", ".join(f"{quote(n)} = excluded.{quote(n)}" for n in names if n != "id")
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' * len(names))}) ON CONFLICT (id) DO UPDATE SET {updates}"
    )
    store = [(i, _storage(table.c[f], dialect)) for i, f in enumerate(fields)]
    return _Upsert(
        sql,
        fields,
        tuple((i, f) for i, f in store if f is not _identity),
        fields.index("created_at") if "created_at" in fields else None,
        _picker(fields),
    )


def _picker(fields: tuple[str, ...]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """The fields' values from a change, in order, as a tuple (in C)."""
    get = itemgetter(*fields) if fields else (lambda _: ())
    return get if len(fields) != 1 else (lambda values: (get(values),))


def _row(
    plan: _Upsert, values: dict[str, Any], ident: str, org: str, version: int, when: str
) -> list[Any]:
    row = list(plan.pick(values))
    for i, store in plan.convert:
        row[i] = store(row[i])
    row += (ident, org, version, when)
    if plan.created_at is None:
        row.append(when)
    elif row[plan.created_at] is None:
        row[plan.created_at] = when
    return row


def _apply_entity(
    conn: Connection,
    entity: str,
    changes: list[AnyChange],
    org: str,
    done: Applied,
    tidy: bool,
) -> None:
    """Write one kind's changes. ``tidy``: the laptop has waiting ops or conflict rows to
    consider (on a first sync it has neither, and those lookups are skipped)."""
    table = synced_tables()[entity]
    conflict_t = Conflict.__table__  # type: ignore[attr-defined]
    ids = [c.entity_id for c in changes]
    waiting = _pending_for(conn, entity, ids) if tidy else {}
    if tidy:
        for i in range(0, len(ids), 500):
            conn.execute(
                delete(conflict_t).where(
                    conflict_t.c.entity == entity, conflict_t.c.entity_id.in_(ids[i : i + 500])
                )
            )
    gone = [c.entity_id for c in changes if c.removed]
    for i in range(0, len(gone), 500):
        conn.execute(delete(table).where(table.c.id.in_(gone[i : i + 500])))
    done.removed += len(gone)

    dialect = conn.dialect
    groups: dict[_Upsert, list[list[Any]]] = defaultdict(list)
    conflicts: list[dict[str, Any]] = []
    now = dt.datetime.now(dt.UTC)
    newest = done.newest
    for change in changes:
        if change.removed:
            continue
        if change.entity_id in waiting:
            values, candidates = _rebase(change, waiting[change.entity_id])
            done.rebased += 1
        else:
            values = change.values
            candidates = {
                k: [{"value": c.value, "hlc": c.hlc, "version": c.version} for c in pool]
                for k, pool in change.candidates.items()
            }
        plan = _upsert(entity, frozenset(values), dialect)
        stamp = _latest_stamp(change)
        if stamp is not None and (newest is None or stamp > newest):
            newest = stamp
        when = _stored_moment(stamp)
        groups[plan].append(_row(plan, values, change.entity_id, org, change.version, when))
        if candidates:
            conflicts.extend(_conflict_rows(entity, change.entity_id, candidates, now))
    done.newest = newest
    if groups:
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            for plan, rows in groups.items():
                cursor.executemany(plan.sql, rows)
                done.written += len(rows)
        finally:
            cursor.close()
    if conflicts:
        conn.execute(conflict_t.insert(), conflicts)


def apply_page(db: Database, page: Page | PullPage) -> Applied:
    """Write one page and its cursor in a single transaction."""
    done = Applied()
    tables = synced_tables()
    by_entity: dict[str, list[AnyChange]] = defaultdict(list)
    for change in page.changes:
        if change.entity in tables:  # a newer server may know kinds this laptop does not
            by_entity[change.entity].append(change)
    sync_t = SyncState.__table__  # type: ignore[attr-defined]
    with db.replicating() as conn:
        state = conn.execute(select(sync_t)).mappings().one()
        out, conflict_t = OutboxOp.__table__, Conflict.__table__  # type: ignore[attr-defined]
        tidy = any(
            conn.execute(select(exists().select_from(t))).scalar_one() for t in (out, conflict_t)
        )
        directory = any(entity.startswith("dir_") for entity in by_entity)
        # A service's rows (organisation, places, schedules, costs...) each touch its search
        # entry: the services a page touches are listed, and indexed once each after the pull
        # (``client.sync_once``; directory_search.index_waiting).
        with deferred_indexing(conn, index_at_end=False) if directory else nullcontext():
            for entity, changes in by_entity.items():
                _apply_entity(conn, entity, changes, state["org_id"], done, tidy)
        saved: dict[str, Any] = {"pull_cursor": str(page.cursor)}
        latest_hlc = done.newest
        if latest_hlc is not None:  # keep this laptop's clock ahead of every edit it has seen
            last = Timestamp.unpack(state["hlc_last"]) if state["hlc_last"] else None
            clock = HybridLogicalClock(state["device_id"], last, db.wall_clock_ms)
            saved["hlc_last"] = clock.observe(Timestamp.unpack(latest_hlc)).pack()
        conn.execute(update(sync_t).values(**saved))
    return done


# ------------------------------------------------------------------------------------ status


@dataclass(frozen=True)
class Counts:
    """What a person is told. The audit events that go with changes travel too, but they are
    not changes the worker made: adding one person is "1 change waiting", not two."""

    waiting: int  # changes to records not yet on the server
    refused: int  # changes the server refused for good (kept aside)
    conflicts: int  # guarded fields waiting for a person


def counts(db: Database) -> Counts:
    out = OutboxOp.__table__.c  # type: ignore[attr-defined]
    query = select(
        func.count(case((out.rejected_reason.is_(None), 1))),
        func.count(out.rejected_reason),
    ).where(out.entity != AuditEvent.__tablename__)
    with db.reading() as s:
        waiting, refused = s.execute(query).one()
        conflicts = s.execute(select(func.count()).select_from(Conflict)).scalar_one()
    return Counts(int(waiting), int(refused), int(conflicts))


def outbox_size(db: Database) -> int:
    """Every op waiting to be pushed, audit events included (for progress while pushing)."""
    out = OutboxOp.__table__.c  # type: ignore[attr-defined]
    with db.reading() as s:
        query = select(func.count()).select_from(OutboxOp).where(out.rejected_reason.is_(None))
        return int(s.execute(query).scalar_one())


def cursor(db: Database) -> int:
    with db.reading() as s:
        state = s.get(SyncState, 1)
        assert state is not None
        return int(state.pull_cursor or 0)


def sync_state(db: Database) -> SyncState:
    with db.reading() as s:
        state = s.get(SyncState, 1)
        assert state is not None
        s.expunge(state)
        return state

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
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table, case, delete, func, select, update
from sqlalchemy import types as satypes
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from linkworker.care.guarded import guarded_fields
from linkworker.care.hlc import HybridLogicalClock, Timestamp
from linkworker.store.database import Database
from linkworker.store.tables import AuditEvent, Conflict, OutboxOp, Synced, SyncState
from linkworker.sync.merge import (
    META_FIELDS,
    Candidate,
    FieldStamp,
    IncomingOp,
    RecordState,
    in_conflict,
    merge,
)
from linkworker.sync.protocol import ACKNOWLEDGED, MAX_BATCH, Change, Op, OpResult, PullPage

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


def pending(db: Database, limit: int = MAX_BATCH) -> list[Op]:
    """The oldest ``limit`` ops waiting to be pushed."""
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


def _rebase(change: Change, waiting: list[_Pending]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The server's record with this laptop's waiting edits merged on top, as the server will."""
    state = RecordState(
        values=change.values,
        stamps={k: FieldStamp(h, v) for k, (h, v) in change.stamps.items()},
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


def _latest_stamp(change: Change) -> str | None:
    return max((h for h, _ in change.stamps.values()), default=None)


def _moment(stamp: str | None) -> dt.datetime:
    """When a stamp was made: its first 13 digits are milliseconds since the epoch."""
    if stamp is None:
        return dt.datetime.now(dt.UTC)
    return dt.datetime.fromtimestamp(int(stamp[:13]) / 1000, dt.UTC)


@dataclass
class Applied:
    written: int = 0
    removed: int = 0
    rebased: int = 0


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


def _apply_entity(
    conn: Connection,
    entity: str,
    changes: list[Change],
    org: str,
    done: Applied,
    latest: dict[tuple[str, str], str | None],
) -> None:
    table = synced_tables()[entity]
    convert = converters(entity)
    conflict_t = Conflict.__table__  # type: ignore[attr-defined]
    ids = [c.entity_id for c in changes]
    waiting = _pending_for(conn, entity, ids)
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

    groups: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
    conflicts: list[dict[str, Any]] = []
    now = dt.datetime.now(dt.UTC)
    for change in changes:
        if change.removed:
            continue
        if change.entity_id in waiting:
            values, candidates = _rebase(change, waiting[change.entity_id])
            done.rebased += 1
        else:
            values = change.values
            candidates = {
                k: [c.model_dump() for c in pool] for k, pool in change.candidates.items()
            }
        row = {
            name: convert[name](value)
            for name, value in values.items()
            if name in convert and name not in META_FIELDS
        }
        row.update(
            id=change.entity_id,
            org_id=org,
            version=change.version,
            updated_at=_moment(latest.get((entity, change.entity_id))),
        )
        if row.get("created_at") is None:
            row["created_at"] = row["updated_at"]
        groups[frozenset(row)].append(row)
        if candidates:
            conflicts.extend(_conflict_rows(entity, change.entity_id, candidates, now))
    for columns, rows in groups.items():
        stmt = sqlite_insert(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.id],
            set_={name: stmt.excluded[name] for name in columns if name != "id"},
        )
        conn.execute(stmt, rows)
        done.written += len(rows)
    if conflicts:
        conn.execute(conflict_t.insert(), conflicts)


def apply_page(db: Database, page: PullPage) -> Applied:
    """Write one page and its cursor in a single transaction."""
    done = Applied()
    tables = synced_tables()
    by_entity: dict[str, list[Change]] = defaultdict(list)
    for change in page.changes:
        if change.entity in tables:  # a newer server may know kinds this laptop does not
            by_entity[change.entity].append(change)
    # One pass over the stamps: each record's newest, and the page's.
    latest = {(c.entity, c.entity_id): _latest_stamp(c) for c in page.changes}
    latest_hlc = max((h for h in latest.values() if h is not None), default=None)
    sync_t = SyncState.__table__  # type: ignore[attr-defined]
    with db.replicating() as conn:
        state = conn.execute(select(sync_t)).mappings().one()
        for entity, changes in by_entity.items():
            _apply_entity(conn, entity, changes, state["org_id"], done, latest)
        saved: dict[str, Any] = {"pull_cursor": str(page.cursor)}
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

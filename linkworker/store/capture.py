"""Change capture: every write to a synced table appends an outbox op in the same transaction.

A ``before_flush`` listener turns the session's pending inserts, updates and tombstones into ops:
UUIDv7 ``op_id``, the device's next ``device_seq``, a hybrid logical clock stamp, the kind
(``put``, ``patch`` with only the changed fields, ``delete``, ``append``) and, for edits, the
``base_version`` the edit was made against. A local edit does not change a row's ``version``: that
is the last version the server confirmed, and stays the base of further edits until a pull brings
the merged record (the server knows a laptop's own edits follow one another). Because the ops
are flushed with the rows, a rolled-back transaction leaves neither.
"""

from __future__ import annotations

import datetime as dt
import os
import struct
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import msgspec
from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, sessionmaker

from linkworker.care.hlc import HybridLogicalClock, Timestamp, wall_clock_ms
from linkworker.store.tables import AppendOnly, OutboxOp, Synced, SyncState, new_id, utcnow


class AppendOnlyViolation(TypeError):
    """Append-only records (contacts, audit events) are never edited; add an addendum instead."""


class HardDeleteViolation(TypeError):
    """Synced rows are tombstoned (``deleted_at``), never deleted, so the deletion can sync."""


def install(factory: sessionmaker[Any]) -> None:
    event.listen(factory, "before_flush", _before_flush)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


jsonable = _jsonable  # a column's value as an op's payload holds it


def _columns(obj: Synced) -> list[str]:
    return [attr.key for attr in inspect(type(obj)).column_attrs]


class _Stamper:
    """Hands out device_seq and HLC stamps for one flush, saved back to sync_state."""

    def __init__(self, session: Session) -> None:
        with session.no_autoflush:
            state = session.get(SyncState, 1)
        if state is None:
            raise RuntimeError("sync_state is missing: the database was not initialised")
        self.state = state
        last = Timestamp.unpack(state.hlc_last) if state.hlc_last else None
        wall = session.info.get("wall_clock", wall_clock_ms)
        self.clock = HybridLogicalClock(state.device_id, last, wall)

    def op(self, obj: Synced, kind: str, payload: dict[str, Any], base: int | None) -> OutboxOp:
        seq = self.state.next_device_seq
        self.state.next_device_seq = seq + 1
        stamp = self.clock.now().pack()
        self.state.hlc_last = stamp
        return OutboxOp(
            op_id=new_id(),
            device_seq=seq,
            entity=str(obj.__tablename__),
            entity_id=obj.id,
            kind=kind,
            base_version=base,
            hlc=stamp,
            payload=payload,
        )

    def stamps(self, count: int) -> list[tuple[int, str]]:
        """``count`` (device_seq, HLC stamp) pairs, as ``op`` hands them out one by one; the
        device's counters are set once, to where ``op`` would have left them."""
        first = self.state.next_device_seq
        now = self.clock.now
        packed = [now().pack() for _ in range(count)]
        self.state.next_device_seq = first + count
        self.state.hlc_last = packed[-1]
        return list(zip(range(first, first + count), packed, strict=True))


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    new = [o for o in session.new if isinstance(o, Synced)]
    dirty = [
        o
        for o in session.dirty
        if isinstance(o, Synced) and session.is_modified(o, include_collections=False)
    ]
    for obj in session.deleted:
        if isinstance(obj, Synced):
            raise HardDeleteViolation(f"{type(obj).__name__} rows are tombstoned, not deleted")
    if not new and not dirty:
        return

    stamper = _Stamper(session)
    now = utcnow()
    ops: list[OutboxOp] = []
    for obj in new:
        if not obj.org_id:
            obj.org_id = stamper.state.org_id
        obj.created_at = obj.created_at or now
        obj.updated_at = now
        obj.version = 1
        payload = {name: _jsonable(getattr(obj, name)) for name in _columns(obj)}
        kind = "append" if isinstance(obj, AppendOnly) else "put"
        ops.append(stamper.op(obj, kind, payload, None))

    for obj in dirty:
        if isinstance(obj, AppendOnly):
            raise AppendOnlyViolation(f"{type(obj).__name__} records cannot be edited")
        state = inspect(obj)
        changed: dict[str, Any] = {}
        base = obj.version
        for name in _columns(obj):
            hist = state.attrs[name].history
            if hist.has_changes() and name not in ("version", "updated_at"):
                changed[name] = _jsonable(getattr(obj, name))
            if name == "version" and hist.deleted:
                base = hist.deleted[0]
        if not changed:
            continue
        tombstoned = "deleted_at" in changed and obj.deleted_at is not None
        obj.version = base  # the server's version this edit was made against, until it answers
        obj.updated_at = now
        kind = "delete" if tombstoned else "patch"
        ops.append(stamper.op(obj, kind, changed, base))

    session.add_all(ops)


@dataclass(frozen=True, slots=True)
class RowOp:
    """An op for a row written in bulk (SQLAlchemy Core), outside the flush listener.

    As the listener makes them: ``put`` with every column for a new row (``version`` 1, the
    device's ``org_id``, ``created_at`` and ``updated_at`` set by the writer); ``patch`` with only
    the changed fields, and the row's ``version`` as ``base_version``, for an edit. Payload
    values as ``jsonable`` gives them."""

    entity: str
    entity_id: str
    kind: str
    base_version: int | None
    payload: dict[str, Any]


def device_org_id(session: Session) -> str:
    """The organisation new rows belong to, as the listener stamps them."""
    with session.no_autoflush:
        state = session.get(SyncState, 1)
    if state is None:
        raise RuntimeError("sync_state is missing: the database was not initialised")
    return state.org_id


_OUTBOX_COLUMNS = ("op_id", "device_seq", "entity", "entity_id", "kind", "base_version", "hlc",
                   "payload", "created_at", "rejected_reason")  # fmt: skip


def write_ops(session: Session, ops: Sequence[RowOp]) -> None:
    """Append ops for rows written in bulk to the outbox, in the session's transaction.

    Stamped in order as the listener stamps them (the device's next ``device_seq`` and an HLC
    stamp each; the device's counters saved with the transaction) and inserted with one
    ``executemany`` of ready-made values: the payload as JSON text (what the column's own
    serialiser would write, without its spaces), ``created_at`` as the column stores it."""
    if not ops:
        return
    conn = session.connection()
    table = OutboxOp.__table__  # type: ignore[attr-defined]
    created = table.c.created_at.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)(
        utcnow()
    )
    sql = str(insert(table).compile(dialect=conn.dialect, column_keys=list(_OUTBOX_COLUMNS)))
    encode = msgspec.json.encode
    stamps = _Stamper(session).stamps(len(ops))
    rows = [
        (op_id, seq, op.entity, op.entity_id, op.kind, op.base_version, hlc,
         encode(op.payload).decode(), created, None)
        for op, (seq, hlc), op_id in zip(ops, stamps, _uuid7s(len(ops)), strict=True)
    ]  # fmt: skip
    conn.exec_driver_sql(sql, rows)


def _uuid7s(count: int) -> list[str]:
    """``count`` UUIDv7s in order, as text: what ``new_id`` gives, made many at once (it takes a
    few microseconds each, a good part of a bulk write). RFC 9562: 48 bits of Unix time in ms,
    version 7, a 12-bit counter (so they sort in the order made), the variant, 62 random bits."""
    ms = time.time_ns() // 1_000_000
    out: list[str] = []
    for n, random in enumerate(struct.unpack(f"<{count}Q", os.urandom(8 * count))):
        tick, counter = divmod(n, 4096)
        value = ((ms + tick) << 80) | (0x7000 | counter) << 64 | (1 << 63) | random >> 2
        h = f"{value:032x}"
        out.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return out

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
from typing import Any

from sqlalchemy import event, inspect
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

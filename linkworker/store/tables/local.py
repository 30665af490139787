"""Rows about the data itself: audit trail, outbox, conflicts and this device's sync state."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Field, SQLModel

from linkworker.store.tables.base import AppendOnly, json_column, utcnow


class AuditEvent(AppendOnly, table=True):
    """Who viewed, changed, printed or exported which record, when. Never edited or deleted."""

    __tablename__ = "audit_event"
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    worker_id: str | None = None
    device_id: str | None = None
    action: str  # viewed, created, changed, printed, exported, unlocked, locked
    entity: str | None = None
    entity_id: str | None = Field(default=None, index=True)
    detail: str | None = None  # never personal data: ids and counts only


class OutboxOp(SQLModel, table=True):
    """A local change waiting to be pushed, written in the same transaction as the change."""

    __tablename__ = "outbox"
    op_id: str = Field(primary_key=True, max_length=36)
    device_seq: int = Field(unique=True)
    entity: str = Field(index=True)
    entity_id: str = Field(index=True)
    kind: str  # put, patch, delete, append
    base_version: int | None = None
    hlc: str
    payload: dict[str, Any] | None = json_column()
    created_at: dt.datetime = Field(default_factory=utcnow)


class Conflict(SQLModel, table=True):
    """Overlapping edits to a guarded field, waiting for a person to choose."""

    __tablename__ = "conflict"
    id: str = Field(primary_key=True, max_length=36)
    entity: str
    entity_id: str = Field(index=True)
    field: str
    local_value: Any = json_column()
    remote_value: Any = json_column()
    local_hlc: str | None = None
    remote_hlc: str | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)
    resolved_at: dt.datetime | None = None
    resolution: str | None = None  # local, remote, edited


class SyncState(SQLModel, table=True):
    """One row: this device's identity, counters and where pulling got to."""

    __tablename__ = "sync_state"
    id: int = Field(default=1, primary_key=True)
    device_id: str
    org_id: str
    worker_id: str | None = None
    next_device_seq: int = 1
    hlc_last: str | None = None
    pull_cursor: str | None = None
    server_url: str | None = None
    last_synced_at: dt.datetime | None = None

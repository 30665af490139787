"""Rows about the data itself: audit trail, outbox, conflicts and this device's sync state."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Field, SQLModel

from linkworker.store.tables.base import AppendOnly, json_column, json_list, utcnow


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
    # Set when the server refused the op for good (say, the case moved to another team): it is
    # kept, not sent again, and the worker is told.
    rejected_reason: str | None = None


class Conflict(SQLModel, table=True):
    """A guarded field edited concurrently on two or more laptops, waiting for a person.

    ``candidates``: every standing value, latest first, each ``{"value", "hlc", "version"}`` (the
    HLC says when and on which laptop). Replaced by each pull of the record; removed when the
    field is no longer in conflict. Resolving is an ordinary edit of the field.
    """

    __tablename__ = "conflict"
    id: str = Field(primary_key=True, max_length=36)
    entity: str
    entity_id: str = Field(index=True)
    field: str
    candidates: list[dict[str, Any]] = json_list()
    created_at: dt.datetime = Field(default_factory=utcnow)


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
    # Enrolment, as the server told it (none of it secret).
    org_name: str | None = None
    team_id: str | None = None
    worker_name: str | None = None
    role: str | None = None
    # The device token, only where the OS keyring cannot keep it (this database is encrypted).
    device_token: str | None = None


class ContactDraft(SQLModel, table=True):
    """A contact note being written: kept on this laptop (encrypted, saved as it is typed) until
    the worker signs it, when it becomes an append-only ``encounter`` and syncs. Never synced."""

    __tablename__ = "contact_draft"
    id: str = Field(primary_key=True, max_length=36)
    person_id: str = Field(foreign_key="person.id", index=True)
    referral_id: str | None = None
    occurred_at: dt.datetime
    mode: str = "face to face"
    kind: str = "conversation"
    duration_minutes: int | None = None
    attended: bool = True
    notes: str | None = None
    amends_id: str | None = None  # an addendum to this signed contact
    follow_up_on: dt.date | None = None
    follow_up_what: str | None = None
    updated_at: dt.datetime = Field(default_factory=utcnow)

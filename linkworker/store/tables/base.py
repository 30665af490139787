"""What every synced row carries, and the helpers the table modules share."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel
from uuid6 import uuid7


def new_id() -> str:
    """A UUIDv7 as text: unique across devices, roughly ordered by creation time."""
    return str(uuid7())


def utcnow() -> dt.datetime:
    """Now, in UTC (every stored timestamp is timezone-aware UTC)."""
    return dt.datetime.now(dt.UTC)


def json_column() -> Any:
    return Field(default=None, sa_column=Column(JSON, nullable=True))


def json_list() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Synced(SQLModel):
    """Columns on every row that syncs.

    ``version`` counts accepted edits; ``deleted_at`` is a tombstone.

    ``__sync_kind__`` is "record" (put / patch / delete) or "append" (append-only: never edited).
    """

    __sync_kind__: ClassVar[str] = "record"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    org_id: str = Field(default="", index=True, max_length=36)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    deleted_at: dt.datetime | None = Field(default=None)
    version: int = Field(default=1)


class AppendOnly(Synced):
    __sync_kind__: ClassVar[str] = "append"

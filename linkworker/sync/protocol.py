"""The wire protocol, version 1: what a laptop pushes and pulls. Validated on both sides.

Every message carries ``protocol``; a server refuses versions it does not speak with a clear 4xx.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL_VERSION = 1
MAX_BATCH = 500
MAX_PAGE = 1000


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Op(_Message):
    """One local change, as captured in the outbox."""

    op_id: str = Field(min_length=1, max_length=36)
    device_seq: int = Field(ge=1)
    entity: str = Field(min_length=1, max_length=64)
    entity_id: str = Field(min_length=1, max_length=36)
    kind: Literal["put", "patch", "delete", "append"]
    base_version: int | None = Field(default=None, ge=0)
    hlc: str = Field(min_length=1, max_length=80)
    payload: dict[str, Any] = Field(default_factory=dict)


class PushRequest(_Message):
    protocol: int = PROTOCOL_VERSION
    device_id: str = Field(min_length=1, max_length=64)
    batch_id: str = Field(min_length=1, max_length=64)  # idempotency key
    ops: list[Op] = Field(max_length=MAX_BATCH)


class OpResult(_Message):
    op_id: str
    device_seq: int
    status: Literal["applied", "merged", "conflict", "unchanged", "duplicate", "rejected"]
    version: int | None = None
    reason: str | None = None


class PushResponse(_Message):
    protocol: int = PROTOCOL_VERSION
    results: list[OpResult]


class Change(_Message):
    """A record as the server now holds it, at a position in its change log."""

    seq: int
    entity: str
    entity_id: str
    version: int
    values: dict[str, Any]
    stamps: dict[str, tuple[str, int]]
    deleted: bool = False


class PullPage(_Message):
    protocol: int = PROTOCOL_VERSION
    changes: list[Change]
    cursor: int  # the client saves this with the page, in one transaction
    more: bool

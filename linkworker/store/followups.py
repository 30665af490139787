"""Follow-ups: something to do for a person by a date. Made by actions and contacts, shown in
Today, completed or moved."""

from __future__ import annotations

import datetime as dt

from linkworker.care import fields
from linkworker.store import audit, edits
from linkworker.store.database import Database
from linkworker.store.tables import FollowUp, SyncState, utcnow


def add_follow_up(
    db: Database,
    person_id: str | None,
    due_on: object,
    what: str,
    source_entity: str | None = None,
    source_id: str | None = None,
) -> str:
    with db.reading() as s:
        state = s.get(SyncState, 1)
        me = state.worker_id if state else None
    return edits.add_row(
        db,
        "follow_up",
        {"person_id": person_id, "due_on": due_on, "what": what},
        checked_elsewhere={
            "for_worker_id": me, "source_entity": source_entity, "source_id": source_id,
        },
    )  # fmt: skip


def complete(db: Database, follow_up_id: str, when: dt.datetime | None = None) -> None:
    with db.transaction() as s:
        row = s.get(FollowUp, follow_up_id)
        if row is None or row.deleted_at is not None:
            raise edits.RecordGone("That follow-up is no longer there.")
        if row.done_at is None:
            row.done_at = when or utcnow()
            audit.record(s, "changed", "follow_up", follow_up_id, "done")


def reopen(db: Database, follow_up_id: str) -> None:
    """Undo a completion."""
    with db.transaction() as s:
        row = s.get(FollowUp, follow_up_id)
        if row is not None and row.done_at is not None:
            row.done_at = None
            audit.record(s, "changed", "follow_up", follow_up_id, "reopened")


def move(db: Database, follow_up_id: str, due_on: object) -> dt.date:
    """Move a follow-up to another day; returns the day it was due before."""
    day = fields.check("follow_up", "due_on", due_on)
    change = edits.set_field(db, "follow_up", follow_up_id, "due_on", day)
    old: dt.date = change.old
    return old

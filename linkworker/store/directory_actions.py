"""What a worker does from a service's details: a note on it, "checked today", and a signpost
or referral of the open person to it.

Every write goes through the ORM, so change capture puts it in the outbox and it syncs, and each
is audited in the same transaction (the audit names records, never what a note says).
"""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

from sqlmodel import Session, col, select

from linkworker.care.fields import FieldRefused
from linkworker.store import audit
from linkworker.store.database import Database
from linkworker.store.directory_details import ServiceGone
from linkworker.store.record import PersonGone
from linkworker.store.tables import (
    CommunityConnection,
    DirService,
    Person,
    ServiceNote,
    SyncState,
    utcnow,
)

__all__ = [
    "NOTE_MAX",
    "ConnectionKind",
    "NoteGone",
    "add_note",
    "connect_person",
    "mark_checked",
    "remove_note",
]

NOTE_MAX: Final = 2_000  # characters in a note on a service
ConnectionKind = Literal["signpost", "referral"]
# A new connection's status: a signpost is a suggestion to the person; a referral is sent.
FIRST_STATUS: Final[dict[str, str]] = {"signpost": "suggested", "referral": "referred"}


class NoteGone(LookupError):
    """The note was removed (here or on another laptop)."""


def _service(s: Session, service_id: str) -> DirService:
    service = s.get(DirService, service_id)
    if service is None or service.deleted_at is not None:
        raise ServiceGone()
    return service


def check_note(text: str) -> str:
    """The note to keep (spaces trimmed at either end), or ``FieldRefused`` saying why not."""
    note = (text or "").strip()
    if not note:
        raise FieldRefused("Write something in the note first: it is empty.")
    if len(note) > NOTE_MAX:
        raise FieldRefused(
            f"A note can be up to {NOTE_MAX:,} characters; this one is {len(note):,}. "
            "Shorten it, or split it into two notes."
        )
    return note


def add_note(db: Database, service_id: str, text: str) -> str:
    """Add this laptop's worker's note to a service; returns the note's id.

    ``FieldRefused`` when the text is blank or longer than ``NOTE_MAX`` characters;
    ``ServiceGone`` when the service is not in the directory any more."""
    note = check_note(text)
    with db.transaction() as s:
        _service(s, service_id)
        with s.no_autoflush:
            state = s.get(SyncState, 1)
        row = ServiceNote(
            service_id=service_id,
            worker_id=state.worker_id if state is not None else None,
            text=note,
        )
        s.add(row)
        audit.record(s, "created", "service_note", row.id, f"service {service_id}")
        return row.id


def remove_note(db: Database, note_id: str) -> None:
    """Remove a note (a tombstone, so the removal syncs); ``NoteGone`` if it is not there."""
    with db.transaction() as s:
        row = s.get(ServiceNote, note_id)
        if row is None or row.deleted_at is not None:
            raise NoteGone("That note is no longer there.")
        row.deleted_at = utcnow()
        audit.record(s, "removed", "service_note", note_id, f"service {row.service_id}")


def mark_checked(db: Database, service_id: str, today: dt.date | None = None) -> None:
    """Record that the worker checked the service today: its assured date becomes today (an
    edit that syncs to the organisation, and makes the record fresh in every search), audited
    as a change to the service's ``assured_date``. Checked again the same day, nothing changes.
    A later import giving an earlier date leaves it (``hsds.LATER_STANDS``).
    ``ServiceGone`` when the service is not in the directory any more."""
    today = today or dt.date.today()
    with db.transaction() as s:
        service = _service(s, service_id)
        if service.assured_date != today:
            service.assured_date = today
            audit.record(s, "changed", "dir_service", service_id, "assured_date")


def connect_person(
    db: Database,
    person_id: str,
    service_id: str,
    kind: ConnectionKind,
    today: dt.date | None = None,
) -> str:
    """Signpost or refer a person to a service of the directory; returns the connection's id.

    The connection holds the service's id and its name as it is today (so the record still
    says where the person went if the service is later renamed or removed), is made today, and
    starts "suggested" for a signpost, "referred" for a referral. Doing the same again on the
    same day (a second click) gives the same connection rather than a second one.

    Refused: a kind other than signpost or referral (``FieldRefused``), a person no longer on
    this laptop (``PersonGone``), a service no longer in the directory (``ServiceGone``), and a
    service that has closed for good (``FieldRefused``)."""
    if kind not in FIRST_STATUS:
        raise FieldRefused(f"Choose signpost or referral, not “{kind}”.")
    today = today or dt.date.today()
    with db.transaction() as s:
        person = s.get(Person, person_id)
        if person is None or person.deleted_at is not None:
            raise PersonGone("That person's record is no longer on this laptop.")
        service = _service(s, service_id)
        if (service.status or "").strip().lower() == "defunct":
            raise FieldRefused(
                f"{service.name} has closed for good, so no one can be "
                f"{'referred' if kind == 'referral' else 'signposted'} to it."
            )
        same = s.exec(
            select(CommunityConnection.id).where(
                CommunityConnection.person_id == person_id,
                CommunityConnection.service_id == service_id,
                CommunityConnection.kind == kind,
                CommunityConnection.made_on == today,
                col(CommunityConnection.deleted_at).is_(None),
            )
        ).first()
        if same is not None:
            return same
        row = CommunityConnection(
            person_id=person_id,
            service_id=service_id,
            service_name=service.name,
            kind=kind,
            made_on=today,
            status=FIRST_STATUS[kind],
        )
        s.add(row)
        audit.record(s, "created", "community_connection", row.id, f"service {service_id}")
        return row.id

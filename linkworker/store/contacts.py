"""Contacts with the person: a note is written as a draft, then signed.

A draft stays on this laptop, encrypted, saved as it is typed. Signing turns it into an
``encounter``: append-only, synced, never edited again (change capture refuses an edit, and so
does the server). A correction is an addendum: a new signed contact pointing at the one it
corrects, shown beneath it. Signing can also set a follow-up, written in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, col, select

from linkworker.care import fields
from linkworker.care.fields import CONTACT_KINDS, CONTACT_MODES, FieldRefused
from linkworker.store import audit
from linkworker.store.database import Database
from linkworker.store.tables import (
    ContactDraft,
    Encounter,
    FollowUp,
    Person,
    Referral,
    SyncState,
    new_id,
    utcnow,
)

DURATION_MAX = 24 * 60
NOTES_MAX = fields.LONG_TEXT_MAX


class ContactRefused(ValueError):
    """The contact cannot be saved or signed as it stands; the message says why."""


def check_draft_field(name: str, raw: Any, today: dt.date | None = None) -> Any:
    """One field of a draft, checked as the worker types it."""
    if isinstance(raw, str):
        raw = raw.strip() or None
    if name == "mode":
        if raw not in CONTACT_MODES:
            raise FieldRefused(f"How: choose one of {', '.join(CONTACT_MODES)}.")
        return raw
    if name == "kind":
        if raw not in CONTACT_KINDS:
            raise FieldRefused(f"Kind: choose one of {', '.join(CONTACT_KINDS)}.")
        return raw
    if name == "duration_minutes":
        if raw is None:
            return None
        try:
            minutes = int(raw)
        except (TypeError, ValueError):
            raise FieldRefused("Minutes: enter a whole number.") from None
        if not 0 < minutes <= DURATION_MAX:
            raise FieldRefused(f"Minutes run from 1 to {DURATION_MAX:,}.")
        return minutes
    if name == "attended":
        if not isinstance(raw, bool):
            raise FieldRefused("Choose whether the person attended.")
        return raw
    if name == "notes":
        if raw is not None and len(raw) > NOTES_MAX:
            raise FieldRefused(f"Notes: use at most {NOTES_MAX:,} characters.")
        return raw
    if name == "occurred_at":
        moment = raw if isinstance(raw, dt.datetime) else None
        if moment is None:
            raise FieldRefused("Enter when the contact happened.")
        if moment.tzinfo is None:
            moment = moment.astimezone()
        if moment > utcnow() + dt.timedelta(minutes=5):
            raise FieldRefused("A contact cannot be in the future.")
        return moment.astimezone(dt.UTC)
    if name == "follow_up_on":
        return fields.check("follow_up", "due_on", raw, today) if raw is not None else None
    if name == "follow_up_what":
        return fields.check("plan_action", "what", raw, today) if raw is not None else None
    raise FieldRefused(f"{name} is not part of a contact.")


def _first_contact_made(
    s: Session, person_id: str, referral_id: str | None, at: dt.datetime
) -> None:
    """A contact signed for someone whose referral still waits for first contact: the referral
    is contacted now, and the clock stops at the contact's time."""
    query = select(Referral).where(
        Referral.person_id == person_id,
        Referral.state == "received",
        col(Referral.deleted_at).is_(None),
    )
    if referral_id is not None:
        query = query.where(Referral.id == referral_id)
    for referral in s.exec(query).all():
        referral.state = "contacted"
        referral.state_changed_at = utcnow()
        referral.first_contact_at = at
        audit.record(s, "changed", "referral", referral.id, "state received -> contacted")


def start_draft(
    db: Database,
    person_id: str,
    amends_id: str | None = None,
    referral_id: str | None = None,
) -> str:
    """A new draft contact (or an addendum to a signed one), dated now."""
    with db.transaction() as s:
        person = s.get(Person, person_id)
        if person is None or person.deleted_at is not None:
            raise ContactRefused("That person's record is no longer on this laptop.")
        mode, kind = "face to face", "conversation"
        if amends_id is not None:
            target = s.get(Encounter, amends_id)
            if target is None or target.person_id != person_id:
                raise ContactRefused("The contact to correct is not on this record.")
            if target.amends_id is not None:
                amends_id = target.amends_id  # an addendum to an addendum corrects the contact
            mode, kind = target.mode, target.kind
            referral_id = target.referral_id
        draft = ContactDraft(
            id=new_id(), person_id=person_id, referral_id=referral_id, amends_id=amends_id,
            occurred_at=utcnow(), mode=mode, kind=kind,
        )  # fmt: skip
        s.add(draft)
        audit.record(s, "created", "contact_draft", draft.id, "addendum" if amends_id else None)
        return draft.id


def save_draft(db: Database, draft_id: str, name: str, raw: Any) -> Any:
    """Check and save one field of a draft; returns the value saved."""
    value = check_draft_field(name, raw)
    with db.transaction() as s:
        draft = s.get(ContactDraft, draft_id)
        if draft is None:
            raise ContactRefused("That draft was signed or discarded meanwhile.")
        setattr(draft, name, value)
        draft.updated_at = utcnow()
        audit.record(s, "changed", "contact_draft", draft_id, name)
        return value


def discard_draft(db: Database, draft_id: str) -> None:
    with db.transaction() as s:
        draft = s.get(ContactDraft, draft_id)
        if draft is not None:
            s.delete(draft)
            audit.record(s, "removed", "contact_draft", draft_id)


def sign_draft(db: Database, draft_id: str) -> str:
    """Sign the draft: it becomes an append-only contact (and its follow-up); returns its id."""
    with db.transaction() as s:
        draft = s.get(ContactDraft, draft_id)
        if draft is None:
            raise ContactRefused("That draft was signed or discarded meanwhile.")
        if draft.amends_id is not None and not (draft.notes or "").strip():
            raise ContactRefused("Write the correction before signing the addendum.")
        if draft.attended and draft.amends_id is None and not (draft.notes or "").strip():
            raise ContactRefused(
                "Write a note of the contact before signing it (or mark that the person did "
                "not attend)."
            )
        if (draft.follow_up_on is None) != (draft.follow_up_what is None):
            raise ContactRefused("A follow-up needs both a date and what it is for.")
        state = s.get(SyncState, 1)
        me = state.worker_id if state else None
        occurred = draft.occurred_at
        if occurred.tzinfo is None:
            occurred = occurred.replace(tzinfo=dt.UTC)
        contact = Encounter(
            person_id=draft.person_id, referral_id=draft.referral_id, occurred_at=occurred,
            mode=draft.mode, kind=draft.kind, duration_minutes=draft.duration_minutes,
            attended=draft.attended, notes=draft.notes, worker_id=me, signed_off_at=utcnow(),
            amends_id=draft.amends_id,
        )  # fmt: skip
        s.add(contact)
        audit.record(s, "created", "encounter", contact.id, "addendum" if draft.amends_id else None)
        if draft.amends_id is None and draft.attended:
            _first_contact_made(s, draft.person_id, draft.referral_id, occurred)
        if draft.follow_up_on is not None and draft.follow_up_what is not None:
            follow = FollowUp(
                person_id=draft.person_id, due_on=draft.follow_up_on, what=draft.follow_up_what,
                for_worker_id=me, source_entity="encounter", source_id=contact.id,
            )  # fmt: skip
            s.add(follow)
            audit.record(s, "created", "follow_up", follow.id)
        s.delete(draft)
        return contact.id

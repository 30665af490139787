"""Referrals in: finding the person first, taking the referral, moving it through its states."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import col, select

from linkworker.care import referral as rules
from linkworker.care.fields import FieldRefused
from linkworker.care.person import NewPerson
from linkworker.care.referral import NewReferral, TransitionRefused
from linkworker.store import audit
from linkworker.store.database import Database
from linkworker.store.edits import check_nhs_number_free
from linkworker.store.people import PersonSummary, summary_of
from linkworker.store.tables import Consent, Person, Referral, SyncState, utcnow


@dataclass(frozen=True)
class Match:
    """Someone already on this laptop who may be the person being referred."""

    person: PersonSummary
    reason: str  # why they are shown, in words
    sure: bool  # the same NHS number: it is them (unless the number was mistyped)


def find_matches(
    db: Database,
    nhs_number: str | None = None,
    given_name: str | None = None,
    family_name: str | None = None,
    date_of_birth: dt.date | None = None,
) -> list[Match]:
    """People who may be this person: the same NHS number; the same date of birth with the same
    family name or given name; or the same family and given name. Surest first."""
    found: dict[str, Match] = {}
    given = (given_name or "").strip().casefold()
    family = (family_name or "").strip().casefold()
    with db.reading() as s:
        live = col(Person.deleted_at).is_(None)
        if nhs_number:
            for p in s.exec(select(Person).where(live, Person.nhs_number == nhs_number)).all():
                found[p.id] = Match(summary_of(p), "Same NHS number", True)
        clauses: list[Any] = []
        if date_of_birth is not None and (given or family):
            clauses.append(Person.date_of_birth == date_of_birth)
        if given and family:
            clauses.append(
                (func.lower(col(Person.family_name)) == family)
                & (func.lower(col(Person.given_name)) == given)
            )
        if clauses:
            for p in s.exec(select(Person).where(live, or_(*clauses)).limit(50)).all():
                if p.id in found:
                    continue
                same_family = p.family_name.casefold() == family
                same_given = p.given_name.casefold() == given or (
                    (p.preferred_name or "").casefold() == given
                )
                same_dob = date_of_birth is not None and p.date_of_birth == date_of_birth
                if same_dob and same_family and same_given:
                    reason = "Same name and date of birth"
                elif same_dob and (same_family or same_given):
                    reason = "Same date of birth and a similar name"
                elif same_family and same_given:
                    reason = "Same name, different or unknown date of birth"
                else:
                    continue
                found[p.id] = Match(summary_of(p), reason, False)
    order = {"Same NHS number": 0, "Same name and date of birth": 1}
    return sorted(found.values(), key=lambda m: (order.get(m.reason, 2), m.person.display_name))


def take_referral(
    db: Database,
    referral: NewReferral,
    person_id: str | None = None,
    new_person: NewPerson | None = None,
    fill_in: NewPerson | None = None,
) -> tuple[str, str]:
    """Write the referral (and the new person, and the consents asked) in one transaction.

    Returns (person id, referral id). A person with an open referral is refused: there is one
    episode at a time, so the first must be closed before another is taken. A new person with
    an NHS number someone on this laptop already has is refused. ``fill_in``: details typed at
    intake for an existing person, written where their record has none yet.
    """
    if (person_id is None) == (new_person is None):
        raise ValueError("give either an existing person or a new one")
    with db.transaction() as s:
        state = s.get(SyncState, 1)
        me = state.worker_id if state else None
        if new_person is not None:
            if new_person.nhs_number:
                try:
                    check_nhs_number_free(s, new_person.nhs_number)
                except FieldRefused:
                    raise TransitionRefused(
                        "Someone on this laptop already has this NHS number: choose them from "
                        "the people found, or check the number."
                    ) from None
            person = Person(
                given_name=new_person.given_name,
                family_name=new_person.family_name,
                preferred_name=new_person.preferred_name,
                nhs_number=new_person.nhs_number,
                date_of_birth=new_person.date_of_birth,
                postcode=new_person.postcode,
                key_worker_id=me,
                team_id=state.team_id if state else None,
            )
            s.add(person)
            s.flush()  # no ORM relationships order the inserts: the person goes in first
            audit.record(s, "created", "person", person.id)
        else:
            found = s.get(Person, person_id)
            if found is None or found.deleted_at is not None:
                raise TransitionRefused("That person's record is no longer on this laptop.")
            person = found
            open_one = s.exec(
                select(Referral.id).where(
                    Referral.person_id == person.id,
                    col(Referral.deleted_at).is_(None),
                    Referral.state != "closed",
                )
            ).first()
            if open_one is not None:
                raise TransitionRefused(
                    "This person already has an open referral. Carry on with it, or close it "
                    "before taking a new one."
                )
            if person.status != "active":
                person.status = "active"
                audit.record(s, "changed", "person", person.id, "status")
            if fill_in is not None:
                for name in ("nhs_number", "date_of_birth", "postcode", "preferred_name"):
                    value = getattr(fill_in, name)
                    if value and getattr(person, name) is None:
                        if name == "nhs_number":
                            try:
                                check_nhs_number_free(s, value, person.id)
                            except FieldRefused:
                                continue
                        setattr(person, name, value)
                        audit.record(s, "changed", "person", person.id, name)
        row = Referral(
            person_id=person.id,
            received_on=referral.received_on,
            source=referral.source,
            method=referral.method,
            referrer_name=referral.referrer_name,
            referrer_role=referral.referrer_role,
            referrer_organisation=referral.referrer_organisation,
            reasons=list(referral.reasons),
            urgency=referral.urgency,
            notes=referral.notes,
            state="received",
            state_changed_at=utcnow(),
            snomed_code=rules.SNOMED_REFERRED,
        )
        s.add(row)
        s.flush()
        for kind, given in referral.consents:
            consent = Consent(
                person_id=person.id, kind=kind, given=given, recorded_on=referral.received_on,
                how_recorded=referral.consent_how, recorded_by=me,
            )  # fmt: skip
            s.add(consent)
            audit.record(s, "created", "consent", consent.id)
        audit.record(s, "created", "referral", row.id)
        return person.id, row.id


def move_referral(
    db: Database,
    referral_id: str,
    target: str,
    outcome: str | None = None,
    when: dt.datetime | None = None,
) -> str:
    """Move a referral one step on, or close it with an outcome; returns the state it left.

    Refused (``TransitionRefused``, with a message for the worker) where the state machine in
    ``care.referral`` does not allow it. The first move to "contacted" starts nothing new but
    stops the time-to-first-contact clock.
    """
    moment = when or utcnow()
    with db.transaction() as s:
        row = s.get(Referral, referral_id)
        if row is None or row.deleted_at is not None:
            raise TransitionRefused("That referral is no longer on this laptop.")
        rules.check_transition(row.state, target, outcome)
        before = row.state
        row.state = target
        row.state_changed_at = moment
        if target == "contacted" and row.first_contact_at is None:
            row.first_contact_at = moment
        if target == "closed":
            row.close_outcome = outcome
            row.closed_on = moment.astimezone().date() if moment.tzinfo else moment.date()
            if outcome == "declined":
                row.snomed_code = rules.SNOMED_DECLINED
            person = s.get(Person, row.person_id)
            if person is not None and person.status != "closed":
                person.status = "closed"
                audit.record(s, "changed", "person", person.id, "status")
        audit.record(s, "changed", "referral", referral_id, f"state {before} -> {target}")
        return before


def record_consent(
    db: Database, person_id: str, kind: str, given: bool, how: str | None, on: dt.date
) -> str:
    """A consent decision, added to the person's history (the latest of each kind stands)."""
    from linkworker.care import fields

    fields.check("consent", "kind", kind)
    how = fields.check("consent", "how_recorded", how)
    on = fields.check("consent", "recorded_on", on)
    with db.transaction() as s:
        state = s.get(SyncState, 1)
        person = s.get(Person, person_id)
        if person is None or person.deleted_at is not None:
            raise TransitionRefused("That person's record is no longer on this laptop.")
        row = Consent(
            person_id=person_id, kind=kind, given=given, recorded_on=on, how_recorded=how,
            recorded_by=state.worker_id if state else None,
        )  # fmt: skip
        s.add(row)
        audit.record(s, "created", "consent", row.id)
        return row.id

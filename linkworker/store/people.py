"""Use cases on people: add one, list them. Views get plain summaries, never live rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import col, select

from linkworker.care.nhs_number import format_nhs_number
from linkworker.care.person import NewPerson
from linkworker.store import audit
from linkworker.store.database import Database
from linkworker.store.tables import Person


@dataclass(frozen=True)
class PersonSummary:
    id: str
    given_name: str
    family_name: str
    preferred_name: str | None
    nhs_number: str | None  # formatted 3-3-4
    date_of_birth: dt.date | None
    postcode: str | None
    status: str
    created_at: dt.datetime

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"


def summary_of(p: Person) -> PersonSummary:
    return PersonSummary(
        id=p.id,
        given_name=p.given_name,
        family_name=p.family_name,
        preferred_name=p.preferred_name,
        nhs_number=format_nhs_number(p.nhs_number) if p.nhs_number else None,
        date_of_birth=p.date_of_birth,
        postcode=p.postcode,
        status=p.status,
        created_at=p.created_at,
    )


def add_person(db: Database, new: NewPerson) -> str:
    """Write a new person (and its audit event and outbox ops) in one transaction; return the id."""
    with db.transaction() as s:
        person = Person(
            given_name=new.given_name,
            family_name=new.family_name,
            preferred_name=new.preferred_name,
            nhs_number=new.nhs_number,
            date_of_birth=new.date_of_birth,
            postcode=new.postcode,
        )
        s.add(person)
        audit.record(s, "created", "person", person.id)
        return person.id


def list_people(db: Database, name_prefix: str | None = None) -> list[PersonSummary]:
    """People not deleted, by family then given name; optionally those whose name starts so."""
    query = select(Person).where(col(Person.deleted_at).is_(None))
    if name_prefix:
        pattern = _like_prefix(name_prefix.strip())
        query = query.where(
            or_(
                col(Person.family_name).like(pattern, escape="\\"),
                col(Person.given_name).like(pattern, escape="\\"),
            )
        )
    query = query.order_by(func.lower(Person.family_name), func.lower(Person.given_name))
    with db.reading() as s:
        return [summary_of(p) for p in s.exec(query).all()]


def count_people(db: Database) -> int:
    with db.reading() as s:
        query = select(func.count()).select_from(Person).where(col(Person.deleted_at).is_(None))
        return int(s.exec(query).one())


def _like_prefix(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"

"""The person (client) and their consents."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field

from linkworker.store.tables.base import Synced


class Person(Synced, table=True):
    __tablename__ = "person"
    nhs_number: str | None = Field(default=None, index=True, max_length=10)
    given_name: str = Field(index=True)
    family_name: str = Field(index=True)
    preferred_name: str | None = None
    date_of_birth: dt.date | None = None
    sex: str | None = None
    gender: str | None = None
    pronouns: str | None = None
    address_line_1: str | None = None
    address_line_2: str | None = None
    town: str | None = None
    postcode: str | None = None
    phone: str | None = None
    email: str | None = None
    preferred_contact_method: str | None = None  # phone, text, email, letter, in person
    communication_needs: str | None = None
    reasonable_adjustments: str | None = None
    interpreter_language: str | None = None
    gp_practice_ods: str | None = None
    carer_status: str | None = None  # is a carer, has a carer, neither, not known
    key_worker_id: str | None = Field(default=None, foreign_key="worker.id", index=True)
    team_id: str | None = Field(default=None, foreign_key="team.id", index=True)
    status: str = "active"  # active, closed
    risk_flag: bool = False
    risk_notes: str | None = None


class Consent(Synced, table=True):
    __tablename__ = "consent"
    person_id: str = Field(foreign_key="person.id", index=True)
    # support from the service, share with GP, share with community provider, contact by text
    kind: str
    given: bool
    recorded_on: dt.date
    how_recorded: str | None = None  # verbal, written, online
    recorded_by: str | None = Field(default=None, foreign_key="worker.id")

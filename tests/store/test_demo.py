"""A new user tries the app with a fictional caseload: realistic, clearly made up, and synced."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from sqlmodel import select

from linkworker.care import measures, nhs_number, postcode, referral
from linkworker.care.person import NewPerson
from linkworker.store.database import Database
from linkworker.store.demo import CaseloadNotEmpty, load_demo
from linkworker.store.people import add_person
from linkworker.store.tables import (
    AboutMe,
    AuditEvent,
    Encounter,
    FollowUp,
    OutboxOp,
    OutcomeMeasure,
    Person,
    PlanAction,
    PlanGoal,
    Referral,
)

TODAY = dt.date(2026, 11, 23)
DRAMA = re.compile(r"^(07700 900\d{3}|01632 960\d{3}|0113 496 0\d{3}|020 7946 0\d{3})$")


def test_the_demo_caseload_has_people_at_every_stage_over_the_past_year(db: Database) -> None:
    report = load_demo(db, today=TODAY)

    with db.reading() as s:
        people = s.exec(select(Person)).all()
        referrals = s.exec(select(Referral)).all()
        assert len(people) == report.people >= 40
        assert len(referrals) == len(people)
        stages = Counter(r.state for r in referrals)
        assert set(stages) == set(referral.STATES)
        assert min(r.received_on for r in referrals) >= TODAY - dt.timedelta(days=366)
        for r in referrals:
            assert set(r.reasons) <= referral.NEED_KEYS
            if r.state == "received":
                assert r.first_contact_at is None
            else:
                assert r.first_contact_at is not None
                assert r.first_contact_at.date() >= r.received_on
            assert (r.close_outcome is not None) == (r.state == "closed")
            assert r.close_outcome is None or r.close_outcome in referral.CLOSE_OUTCOMES

        assert s.exec(select(AboutMe)).all()
        goals, actions = s.exec(select(PlanGoal)).all(), s.exec(select(PlanAction)).all()
        assert goals and {a.goal_id for a in actions} <= {g.id for g in goals}
        contacts = s.exec(select(Encounter)).all()
        assert any(c.signed_off_at for c in contacts) and any(not c.signed_off_at for c in contacts)
        ons4 = s.exec(select(OutcomeMeasure)).all()
        assert {m.timepoint for m in ons4} == set(measures.TIMEPOINTS)
        for m in ons4:
            assert m.answers is not None and measures.check_ons4(m.answers) == m.answers
        due = [f.due_on for f in s.exec(select(FollowUp)).all()]
        assert any(d < TODAY for d in due) and any(d >= TODAY for d in due)  # some overdue


def test_every_name_number_and_address_is_clearly_fictional(db: Database) -> None:
    load_demo(db, today=TODAY)
    with db.reading() as s:
        people = s.exec(select(Person)).all()
    numbers = [p.nhs_number for p in people if p.nhs_number]
    assert numbers and len(numbers) == len(set(numbers))
    for p in people:
        if p.nhs_number:
            assert p.nhs_number.startswith("999") and nhs_number.is_valid(p.nhs_number)
        assert p.phone and DRAMA.match(p.phone), p.phone
        assert p.postcode and p.postcode.startswith("MB") and postcode.is_valid(p.postcode)
        assert p.town == "Millbrook"
        NewPerson(given_name=p.given_name, family_name=p.family_name,
                  nhs_number=p.nhs_number, date_of_birth=p.date_of_birth,
                  postcode=p.postcode)  # fmt: skip


def test_the_demo_records_sync_like_anything_typed_and_the_load_is_audited(db: Database) -> None:
    report = load_demo(db, today=TODAY)
    with db.reading() as s:
        queued = Counter(op.entity for op in s.exec(select(OutboxOp)).all())
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "demo data loaded")).all()
    # Each record goes out as one whole op, not created and then patched.
    assert queued["person"] == queued["referral"] == report.people
    assert queued["encounter"] == report.contacts
    assert queued["outcome_measure"] == report.measures
    assert len(events) == 1 and events[0].detail == f"{report.people} people"


def test_demo_data_is_never_mixed_into_a_real_caseload(db: Database) -> None:
    add_person(db, NewPerson(given_name="Real", family_name="Person"))
    with pytest.raises(CaseloadNotEmpty, match="already has 1 person"):
        load_demo(db, today=TODAY)
    with db.reading() as s:
        assert len(s.exec(select(Person)).all()) == 1
        assert s.exec(select(Referral)).all() == []

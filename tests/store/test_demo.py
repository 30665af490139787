"""A new user tries the app with a fictional caseload: realistic, clearly made up, and synced."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from sqlmodel import select

from linkworker.care import fields, measures, nhs_number, postcode, referral
from linkworker.care.person import NewPerson
from linkworker.store.database import Database
from linkworker.store.demo import CaseloadNotEmpty, load_demo
from linkworker.store.people import add_person
from linkworker.store.record import read_record
from linkworker.store.tables import (
    AboutMe,
    AuditEvent,
    BudgetLine,
    CarePlan,
    CommunityConnection,
    ContactDraft,
    ContingencyPlan,
    DecisionOption,
    Encounter,
    FollowUp,
    HealthBudget,
    OutboxOp,
    OutcomeMeasure,
    Person,
    PlanAction,
    PlanGoal,
    Referral,
    SharedDecision,
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
        ons4 = s.exec(select(OutcomeMeasure).where(OutcomeMeasure.instrument == "ONS4")).all()
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
        ops = s.exec(select(OutboxOp)).all()
        options = len(s.exec(select(DecisionOption)).all())
        lines = len(s.exec(select(BudgetLine)).all())
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "demo data loaded")).all()
    queued = Counter(op.entity for op in ops)
    # Each record goes out as one whole op, not created and then patched.
    assert {op.kind for op in ops} == {"put", "append"}
    assert queued["person"] == queued["referral"] == report.people
    assert queued["encounter"] == report.contacts
    assert queued["outcome_measure"] == report.measures
    assert queued["community_connection"] == report.connections
    assert queued["shared_decision"] == report.decisions and queued["decision_option"] == options
    assert queued["health_budget"] == report.budgets and queued["budget_line"] == lines
    assert "contact_draft" not in queued  # drafts stay on this laptop until signed
    assert len(events) == 1 and events[0].detail == f"{report.people} people"


def test_demo_data_is_never_mixed_into_a_real_caseload(db: Database) -> None:
    add_person(db, NewPerson(given_name="Real", family_name="Person"))
    with pytest.raises(CaseloadNotEmpty, match="already has 1 person"):
        load_demo(db, today=TODAY)
    with db.reading() as s:
        assert len(s.exec(select(Person)).all()) == 1
        assert s.exec(select(Referral)).all() == []


def test_every_contact_is_signed_and_last_week_s_notes_wait_as_drafts(db: Database) -> None:
    report = load_demo(db, today=TODAY)
    with db.reading() as s:
        contacts = s.exec(select(Encounter)).all()
        drafts = s.exec(select(ContactDraft)).all()
        states = {r.person_id: r.state for r in s.exec(select(Referral)).all()}
        queued = {op.entity for op in s.exec(select(OutboxOp)).all()}
    assert len(contacts) == report.contacts and all(c.signed_off_at for c in contacts)
    assert all(c.signed_off_at >= c.occurred_at for c in contacts if c.signed_off_at)
    # A few people seen in the last week have their note still to sign, kept on this laptop.
    assert 1 <= len(drafts) == report.drafts <= report.people // 4
    assert "contact_draft" not in queued
    for draft in drafts:
        assert states[draft.person_id] == "active"
        assert draft.occurred_at.date() >= TODAY - dt.timedelta(days=7) and draft.notes
        signed = [c.occurred_at for c in contacts if c.person_id == draft.person_id]
        assert signed and max(signed) <= draft.occurred_at  # the latest contact is the draft


def test_every_tab_of_the_record_has_something_to_show(db: Database) -> None:
    report = load_demo(db, today=TODAY)
    with db.reading() as s:
        states = {r.person_id: r.state for r in s.exec(select(Referral)).all()}
        far = {p for p, state in states.items() if state in ("active", "closed")}

        connections = s.exec(select(CommunityConnection)).all()
        assert len(connections) == report.connections and {c.person_id for c in connections} == far
        for c in connections:
            assert (
                c.service_id is None and c.service_name and c.service_name.startswith("Millbrook ")
            )
            assert c.kind in fields.CONNECTION_KINDS and c.status in fields.CONNECTION_STATUSES
            assert c.made_on <= TODAY
            if c.kind == "signpost":
                assert c.status in ("suggested", "attended", "declined")
        assert {c.status for c in connections} >= {"suggested", "attended"}
        assert {c.status for c in connections} & {"declined", "did not attend"}
        assert {c.kind for c in connections} == set(fields.CONNECTION_KINDS)

        decisions = s.exec(select(SharedDecision)).all()
        options = s.exec(select(DecisionOption)).all()
        assert 2 <= len(decisions) == report.decisions < report.people // 2
        for d in decisions:
            assert d.person_id in far and d.question and d.what_matters_most
            mine = [o for o in options if o.decision_id == d.id]
            assert len(mine) >= 3
            nothing = [o for o in mine if o.is_doing_nothing]
            assert [o.title for o in nothing] == ["Do nothing for now"]
            assert all(o.benefits and o.risks and o.what_it_would_mean for o in mine)
            assert (d.chosen_option_id is None) == (d.decided_on is None)
            if d.chosen_option_id is not None:
                assert d.chosen_option_id in {o.id for o in mine}
                assert d.decided_on is not None and d.decided_on <= TODAY
        assert any(d.chosen_option_id for d in decisions)

        budgets = s.exec(select(HealthBudget)).all()
        lines = s.exec(select(BudgetLine)).all()
        assert 2 <= len(budgets) == report.budgets < report.people // 4
        assert {b.eligibility_basis for b in budgets} == set(fields.BUDGET_BASES)
        for b in budgets:
            assert b.person_id in far
            assert b.period in fields.BUDGET_PERIODS and b.managed_as in fields.BUDGET_MANAGED
            mine = [line for line in lines if line.budget_id == b.id]
            assert mine and all(line.item and line.cost_pence > 0 for line in mine)
            assert b.amount_pence == sum(line.cost_pence for line in mine)
        assert len({b.managed_as for b in budgets}) > 1

        plans = {p.id: p.person_id for p in s.exec(select(CarePlan)).all()}
        contingencies = s.exec(select(ContingencyPlan)).all()
        covered = {plans[c.plan_id] for c in contingencies}
        assert covered == {p for p in plans.values() if states[p] == "active"}
        assert all(c.triggers and c.who_to_contact for c in contingencies)

        by_hand = s.exec(select(OutcomeMeasure).where(OutcomeMeasure.entered_by_hand)).all()
        pam = [m for m in by_hand if m.instrument == "PAM"]
        swemwbs = [m for m in by_hand if m.instrument == "SWEMWBS"]
        assert pam and swemwbs and len(pam) + len(swemwbs) == len(by_hand)
        for m in pam:
            assert m.score is not None and m.level is not None and m.answers is None
            assert measures.check_pam(m.score, m.level) == (m.score, m.level)
            assert m.level == 1 + (m.score > 47) + (m.score > 55.1) + (m.score > 67)
        for m in swemwbs:
            assert m.score is not None and 7 <= m.score <= 35 and m.answers is None
        assert {m.timepoint for m in pam + swemwbs} == set(measures.TIMEPOINTS)

    # One person who has come far enough, through the record window's own reader.
    someone = next(b.person_id for b in budgets if states[b.person_id] == "active")
    whole = read_record(db, someone)
    assert whole.about_me and whole.plan and whole.goals and whole.contingency
    assert whole.contacts and whole.measures and whole.connections and whole.budgets
    assert all(whole.budget_lines[b.id] for b in whole.budgets)

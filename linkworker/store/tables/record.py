"""The personalised care record: referrals in, contacts, About Me, plans, connections, measures,
shared decisions, personal health budgets and follow-ups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field

from linkworker.store.tables.base import AppendOnly, Synced, json_column, json_list


class Referral(Synced, table=True):
    """A referral into the service. ``state``: received → contacted → engaged → active → closed."""

    __tablename__ = "referral"
    # The caseload reads each person's current referral from this index alone.
    __table_args__ = (
        Index("ix_referral_caseload", "person_id", "deleted_at", "state", "received_on",
              "urgency"),
    )  # fmt: skip
    person_id: str = Field(foreign_key="person.id", index=True)
    received_on: dt.date
    # GP, practice nurse, other clinician, self, social care, hospital, voluntary sector, other
    source: str
    method: str | None = None  # letter, email, phone, electronic referral, in person
    referrer_name: str | None = None
    referrer_role: str | None = None
    referrer_organisation: str | None = None
    reasons: list[str] = json_list()
    urgency: str = "routine"  # routine, soon, urgent
    state: str = Field(default="received", index=True)
    state_changed_at: dt.datetime | None = None
    first_contact_at: dt.datetime | None = None
    close_outcome: str | None = None  # goals met, declined, unable to contact, moved away, ...
    closed_on: dt.date | None = None
    snomed_code: str | None = None
    notes: str | None = None


class Encounter(AppendOnly, table=True):
    """A contact with the person. Append-only: corrections are addenda (``amends_id``)."""

    __tablename__ = "encounter"
    # The caseload's last contact, addenda left out, from this index alone.
    __table_args__ = (Index("ix_encounter_last_contact", "person_id", "amends_id", "occurred_at"),)
    person_id: str = Field(foreign_key="person.id", index=True)
    referral_id: str | None = Field(default=None, foreign_key="referral.id")
    occurred_at: dt.datetime
    mode: str  # face to face, phone, video, home visit, group
    kind: str  # conversation, coaching, follow-up, review
    duration_minutes: int | None = None
    attended: bool = True
    notes: str | None = None
    guide_id: str | None = None
    guide_answers: dict[str, Any] | None = json_column()
    worker_id: str | None = Field(default=None, foreign_key="worker.id")
    signed_off_at: dt.datetime | None = None
    amends_id: str | None = Field(default=None, foreign_key="encounter.id")


class AboutMe(Synced, table=True):
    """About Me, under the PRSB headings."""

    __tablename__ = "about_me"
    person_id: str = Field(foreign_key="person.id", index=True, unique=True)
    most_important: str | None = None
    important_people: str | None = None
    communication: str | None = None
    wellness: str | None = None
    please_do: str | None = None
    please_dont: str | None = None
    how_and_when_to_support: str | None = None
    also_worth_knowing: str | None = None
    supported_to_write_by: str | None = None
    last_updated_on: dt.date | None = None


class CarePlan(Synced, table=True):
    __tablename__ = "care_plan"
    person_id: str = Field(foreign_key="person.id", index=True)
    strengths: str | None = None
    agreed_with: str | None = None
    agreed_on: dt.date | None = None
    review_on: dt.date | None = None
    status: str = "draft"  # draft, agreed, reviewed, closed


class PlanNeed(Synced, table=True):
    __tablename__ = "plan_need"
    plan_id: str = Field(foreign_key="care_plan.id", index=True)
    description: str


class PlanGoal(Synced, table=True):
    __tablename__ = "plan_goal"
    plan_id: str = Field(foreign_key="care_plan.id", index=True)
    need_id: str | None = Field(default=None, foreign_key="plan_need.id")
    in_own_words: str
    importance: int | None = None
    importance_scale: str = "0-10"
    status: str = "not started"  # not started, in progress, achieved, partly achieved, stopped


class PlanAction(Synced, table=True):
    __tablename__ = "plan_action"
    goal_id: str = Field(foreign_key="plan_goal.id", index=True)
    what: str
    who: str | None = None
    due_on: dt.date | None = None
    confidence: int | None = None
    confidence_scale: str = "0-10"
    status: str = "to do"  # to do, doing, done, stopped
    review_on: dt.date | None = None


class ContingencyPlan(Synced, table=True):
    __tablename__ = "contingency_plan"
    plan_id: str = Field(foreign_key="care_plan.id", index=True)
    triggers: str | None = None
    what_should_happen: str | None = None
    who_to_contact: str | None = None
    coping_strategies: str | None = None


class CommunityConnection(Synced, table=True):
    """A signpost or referral out to a community service: one in the directory (``service_id``)
    or, for services not in it, one named in words (``service_name``)."""

    __tablename__ = "community_connection"
    person_id: str = Field(foreign_key="person.id", index=True)
    service_id: str | None = Field(default=None, foreign_key="dir_service.id", index=True)
    service_name: str | None = None
    kind: str = "signpost"  # signpost, referral
    made_on: dt.date
    status: str = "suggested"  # suggested, referred, accepted, attended, declined, did not attend
    feedback: str | None = None


class OutcomeMeasure(Synced, table=True):
    __tablename__ = "outcome_measure"
    person_id: str = Field(foreign_key="person.id", index=True)
    instrument: str  # ONS4, SWEMWBS, MYCaW, PAM
    timepoint: str  # baseline, follow-up, discharge
    taken_on: dt.date
    answers: dict[str, Any] | None = json_column()
    score: float | None = None
    level: int | None = None
    entered_by_hand: bool = False


class SharedDecision(Synced, table=True):
    __tablename__ = "shared_decision"
    person_id: str = Field(foreign_key="person.id", index=True)
    question: str
    what_matters_most: str | None = None
    decision_aid: str | None = None
    chosen_option_id: str | None = None
    decided_on: dt.date | None = None


class DecisionOption(Synced, table=True):
    __tablename__ = "decision_option"
    decision_id: str = Field(foreign_key="shared_decision.id", index=True)
    title: str
    benefits: str | None = None
    risks: str | None = None
    what_it_would_mean: str | None = None
    is_doing_nothing: bool = False


class HealthBudget(Synced, table=True):
    __tablename__ = "health_budget"
    person_id: str = Field(foreign_key="person.id", index=True)
    eligibility_basis: str  # NHS continuing healthcare, section 117 aftercare, wheelchair, other
    amount_pence: int
    period: str  # per week, per month, per year, one-off
    managed_as: str  # notional, third party, direct payment
    agreed_on: dt.date | None = None
    review_on: dt.date | None = None


class BudgetLine(Synced, table=True):
    __tablename__ = "budget_line"
    budget_id: str = Field(foreign_key="health_budget.id", index=True)
    item: str
    cost_pence: int


class FollowUp(Synced, table=True):
    __tablename__ = "follow_up"
    __table_args__ = (
        Index("ix_follow_up_next_due", "person_id", "done_at", "deleted_at", "due_on"),
    )
    person_id: str | None = Field(default=None, foreign_key="person.id", index=True)
    due_on: dt.date = Field(index=True)
    what: str
    for_worker_id: str | None = Field(default=None, foreign_key="worker.id")
    source_entity: str | None = None  # plan_action, encounter, referral
    source_id: str | None = None
    done_at: dt.datetime | None = None

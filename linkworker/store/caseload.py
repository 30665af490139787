"""The caseload table and the Today lists, each read with one query per list.

``caseload_rows`` gives one plain row per person: their current referral's state and waiting
days, last contact, next follow-up and flags. ``today`` gives what needs the worker now: new
referrals waiting for first contact, follow-ups due or overdue, and reviews coming up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, literal, or_, select
from sqlmodel import col

from linkworker.care import referral as rules
from linkworker.care.nhs_number import format_nhs_number
from linkworker.store.database import Database
from linkworker.store.tables import (
    CarePlan,
    Encounter,
    FollowUp,
    Person,
    PlanAction,
    PlanGoal,
    Referral,
    SyncState,
    Worker,
)

REVIEW_AHEAD_DAYS = 7  # reviews are listed in Today from a week before they are due


@dataclass(frozen=True)
class CaseloadRow:
    person_id: str
    given_name: str
    family_name: str
    preferred_name: str | None
    nhs_number: str | None  # 3-3-4
    date_of_birth: dt.date | None
    status: str  # the current referral's state, or "no referral"
    key_worker_id: str | None
    key_worker: str | None
    waiting_days: int | None  # for a referral still waiting for first contact
    last_contact: dt.date | None
    next_follow_up: dt.date | None
    risk: bool
    overdue: bool  # a follow-up is past its date
    urgency: str | None

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"

    @property
    def needs_first_contact(self) -> bool:
        return self.status == "received"


def my_worker_id(db: Database) -> str | None:
    with db.reading() as s:
        state = s.get(SyncState, 1)
        return state.worker_id if state else None


def _day(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone().date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def caseload_rows(db: Database, today: dt.date | None = None) -> list[CaseloadRow]:
    """Everyone on this laptop (not removed), with what the caseload table shows."""
    today = today or dt.date.today()
    live = col(Referral.deleted_at).is_(None)
    ranked = (
        select(
            col(Referral.person_id),
            col(Referral.state),
            col(Referral.received_on),
            col(Referral.urgency),
            func.row_number()
            .over(
                partition_by=col(Referral.person_id),
                order_by=(
                    case((col(Referral.state) == "closed", 1), else_=0),
                    col(Referral.received_on).desc(),
                ),
            )
            .label("rank"),
        )
        .where(live)
        .subquery()
    )
    contacts = (
        select(col(Encounter.person_id), func.max(col(Encounter.occurred_at)).label("last_at"))
        .group_by(col(Encounter.person_id))
        .subquery()
    )
    follow = (
        select(col(FollowUp.person_id), func.min(col(FollowUp.due_on)).label("next_due"))
        .where(col(FollowUp.deleted_at).is_(None), col(FollowUp.done_at).is_(None))
        .group_by(col(FollowUp.person_id))
        .subquery()
    )
    query = (
        select(
            col(Person.id),
            col(Person.given_name),
            col(Person.family_name),
            col(Person.preferred_name),
            col(Person.nhs_number),
            col(Person.date_of_birth),
            col(Person.risk_flag),
            col(Person.key_worker_id),
            col(Worker.display_name),
            ranked.c.state,
            ranked.c.received_on,
            ranked.c.urgency,
            contacts.c.last_at,
            follow.c.next_due,
        )
        .select_from(Person)
        .outerjoin(Worker, col(Worker.id) == col(Person.key_worker_id))
        .outerjoin(ranked, and_(ranked.c.person_id == col(Person.id), ranked.c.rank == literal(1)))
        .outerjoin(contacts, contacts.c.person_id == col(Person.id))
        .outerjoin(follow, follow.c.person_id == col(Person.id))
        .where(col(Person.deleted_at).is_(None))
    )
    rows: list[CaseloadRow] = []
    me = my_worker_id(db)
    with db.reading() as s:
        result = s.connection().execute(query)
        for (pid, given, family, preferred, nhs, dob, risk, worker_id, worker, state, received,
             urgency, last_at, next_due) in result:  # fmt: skip
            received_on = _day(received)
            next_day = _day(next_due)
            waiting = None
            if state == "received" and received_on is not None:
                waiting = rules.waiting_days(received_on, None, today)
            rows.append(CaseloadRow(
                person_id=pid, given_name=given, family_name=family, preferred_name=preferred,
                nhs_number=format_nhs_number(nhs) if nhs else None, date_of_birth=_day(dob),
                status=state or "no referral", key_worker_id=worker_id,
                key_worker="You" if worker_id == me else worker,
                waiting_days=waiting, last_contact=_day(last_at), next_follow_up=next_day,
                risk=bool(risk), overdue=next_day is not None and next_day < today,
                urgency=urgency,
            ))  # fmt: skip
    return rows


@dataclass(frozen=True)
class TodayItem:
    """One line in Today: whom it is about, what, and when."""

    kind: str  # "first contact", "follow-up", "review"
    person_id: str
    person_name: str
    what: str
    due_on: dt.date | None
    waiting_days: int | None = None
    follow_up_id: str | None = None
    entity: str | None = None  # for reviews: the plan or action
    entity_id: str | None = None

    def overdue(self, today: dt.date) -> bool:
        return self.due_on is not None and self.due_on < today


@dataclass(frozen=True)
class TodayLists:
    first_contact: list[TodayItem]
    follow_ups: list[TodayItem]  # due today or overdue, oldest first
    reviews: list[TodayItem]


def today(db: Database, day: dt.date | None = None) -> TodayLists:
    day = day or dt.date.today()
    ahead = day + dt.timedelta(days=REVIEW_AHEAD_DAYS)
    name = (col(Person.family_name), col(Person.given_name))
    alive = col(Person.deleted_at).is_(None)
    open_case = and_(alive, col(Person.status) != "closed")  # reviews only for open cases
    with db.reading() as s:
        conn = s.connection()
        waiting = conn.execute(
            select(
                col(Referral.id),
                col(Referral.person_id),
                *name,
                col(Referral.received_on),
                col(Referral.urgency),
            )
            .join(Person, col(Person.id) == col(Referral.person_id))
            .where(alive, col(Referral.deleted_at).is_(None), col(Referral.state) == "received")
            .order_by(col(Referral.received_on))
        ).all()
        due = conn.execute(
            select(
                col(FollowUp.id),
                col(FollowUp.person_id),
                *name,
                col(FollowUp.due_on),
                col(FollowUp.what),
            )
            .outerjoin(Person, col(Person.id) == col(FollowUp.person_id))
            .where(
                col(FollowUp.deleted_at).is_(None),
                col(FollowUp.done_at).is_(None),
                col(FollowUp.due_on) <= day,
                or_(col(FollowUp.person_id).is_(None), alive),
            )
            .order_by(col(FollowUp.due_on))
        ).all()
        plans = conn.execute(
            select(col(CarePlan.id), col(CarePlan.person_id), *name, col(CarePlan.review_on))
            .join(Person, col(Person.id) == col(CarePlan.person_id))
            .where(
                open_case,
                col(CarePlan.deleted_at).is_(None),
                col(CarePlan.status) != "closed",
                col(CarePlan.review_on) <= ahead,
            )
        ).all()
        actions = conn.execute(
            select(
                col(PlanAction.id),
                col(CarePlan.person_id),
                *name,
                col(PlanAction.review_on),
                col(PlanAction.what),
            )
            .join(PlanGoal, col(PlanGoal.id) == col(PlanAction.goal_id))
            .join(CarePlan, col(CarePlan.id) == col(PlanGoal.plan_id))
            .join(Person, col(Person.id) == col(CarePlan.person_id))
            .where(
                open_case,
                col(PlanAction.deleted_at).is_(None),
                col(PlanGoal.deleted_at).is_(None),
                col(CarePlan.deleted_at).is_(None),
                col(PlanAction.review_on) <= ahead,
                col(PlanAction.status).notin_(("done", "stopped")),
            )
        ).all()

    def who(family: str | None, given: str | None) -> str:
        return f"{family}, {given}" if family else "No one in particular"

    first = []
    for rid, pid, family, given, received, urgency in waiting:
        received_on = _day(received)
        assert received_on is not None
        what = "New referral" + (f" ({urgency})" if urgency and urgency != "routine" else "")
        first.append(TodayItem(
            "first contact", pid, who(family, given), what, received_on,
            waiting_days=rules.waiting_days(received_on, None, day), entity="referral",
            entity_id=rid,
        ))  # fmt: skip
    follow_ups = [
        TodayItem("follow-up", pid or "", who(family, given), what, _day(due_on),
                  follow_up_id=fid, entity="follow_up", entity_id=fid)
        for fid, pid, family, given, due_on, what in due
    ]  # fmt: skip
    reviews = [
        TodayItem("review", pid, who(family, given), "Review the plan", _day(review),
                  entity="care_plan", entity_id=plan_id)
        for plan_id, pid, family, given, review in plans
    ]  # fmt: skip
    reviews += [
        TodayItem("review", pid, who(family, given), f"Review: {what}", _day(review),
                  entity="plan_action", entity_id=aid)
        for aid, pid, family, given, review, what in actions
    ]  # fmt: skip
    reviews.sort(key=lambda r: (r.due_on or day, r.person_name))
    return TodayLists(first, follow_ups, reviews)

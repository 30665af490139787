"""A person's whole record, read at once as plain rows for the record window's tabs.

``open_record`` is what the window calls when the worker opens someone: it reads everything in
one snapshot and writes the "viewed" audit event. ``read_record`` reads again without auditing
(after the worker's own edit, or a sync brought changes).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect
from sqlmodel import Session, col, select

from linkworker.store import audit
from linkworker.store.database import Database
from linkworker.store.tables import (
    AboutMe,
    BudgetLine,
    CarePlan,
    CommunityConnection,
    Consent,
    ContactDraft,
    ContingencyPlan,
    DecisionOption,
    Encounter,
    FollowUp,
    HealthBudget,
    OutcomeMeasure,
    Person,
    PlanAction,
    PlanGoal,
    PlanNeed,
    Referral,
    SharedDecision,
    Worker,
)


@dataclass(frozen=True)
class Row(Mapping[str, Any]):
    """One record's values, detached from the database (a view never holds a live row)."""

    entity: str
    id: str
    data: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


def as_row(obj: Any) -> Row:
    names = [a.key for a in inspect(type(obj)).column_attrs]
    return Row(str(obj.__tablename__), str(obj.id), {n: getattr(obj, n) for n in names})


@dataclass(frozen=True)
class PersonRecord:
    person: Row
    key_worker_name: str | None
    consents: list[Row]  # newest first: the history
    referrals: list[Row]  # newest first
    about_me: Row | None
    plan: Row | None
    needs: list[Row]
    goals: list[Row]
    actions: dict[str, list[Row]]  # by goal id
    contingency: Row | None
    contacts: list[Row]  # newest first; addenda included (``amends_id``)
    drafts: list[Row]
    measures: list[Row]  # oldest first
    connections: list[Row]
    decisions: list[Row]
    options: dict[str, list[Row]]  # by decision id
    budgets: list[Row]
    budget_lines: dict[str, list[Row]]  # by budget id
    follow_ups: list[Row]  # not done, soonest first
    current_consent: dict[str, Row] = field(default_factory=dict)  # kind → latest

    @property
    def open_referral(self) -> Row | None:
        return next((r for r in self.referrals if r["state"] != "closed"), None)

    def addenda(self, contact_id: str) -> list[Row]:
        return sorted(
            (c for c in self.contacts if c["amends_id"] == contact_id),
            key=lambda c: c["occurred_at"],
        )


class PersonGone(LookupError):
    """The person's record was removed (perhaps on another laptop)."""


def open_record(db: Database, person_id: str) -> PersonRecord:
    """Read the record and audit the viewing, in one go."""
    record = read_record(db, person_id)
    with db.transaction() as s:
        audit.record(s, "viewed", "person", person_id)
    return record


def read_record(db: Database, person_id: str) -> PersonRecord:
    with db.reading() as s:
        return _read(s, person_id)


def _live(s: Session, table: Any, *where: Any, order: Any = None) -> list[Any]:
    query = select(table).where(col(table.deleted_at).is_(None), *where)
    if order is not None:
        query = query.order_by(order)
    return list(s.exec(query).all())


def _read(s: Session, person_id: str) -> PersonRecord:
    person = s.get(Person, person_id)
    if person is None or person.deleted_at is not None:
        raise PersonGone("That person's record is no longer on this laptop.")
    worker = s.get(Worker, person.key_worker_id) if person.key_worker_id else None
    of_person = (Person, person_id)

    def mine(table: Any, order: Any = None) -> list[Row]:
        return [as_row(r) for r in _live(s, table, table.person_id == of_person[1], order=order)]

    consents = mine(Consent, col(Consent.recorded_on).desc())
    consents.sort(key=lambda c: (c["recorded_on"], c["created_at"]), reverse=True)
    current: dict[str, Row] = {}
    for consent in consents:
        current.setdefault(consent["kind"], consent)
    referrals = mine(Referral, col(Referral.received_on).desc())
    about = mine(AboutMe)
    plans = mine(CarePlan, col(CarePlan.created_at).desc())
    plan = plans[0] if plans else None
    needs: list[Row] = []
    goals: list[Row] = []
    actions: dict[str, list[Row]] = {}
    contingency: Row | None = None
    if plan is not None:
        needs = [as_row(r) for r in _live(s, PlanNeed, PlanNeed.plan_id == plan.id,
                                          order=col(PlanNeed.created_at))]  # fmt: skip
        goals = [as_row(r) for r in _live(s, PlanGoal, PlanGoal.plan_id == plan.id,
                                          order=col(PlanGoal.created_at))]  # fmt: skip
        if goals:
            goal_ids = [g.id for g in goals]
            for a in _live(s, PlanAction, col(PlanAction.goal_id).in_(goal_ids),
                           order=col(PlanAction.created_at)):  # fmt: skip
                actions.setdefault(a.goal_id, []).append(as_row(a))
        cps = _live(s, ContingencyPlan, ContingencyPlan.plan_id == plan.id)
        contingency = as_row(cps[0]) if cps else None
    contacts = mine(Encounter, col(Encounter.occurred_at).desc())
    drafts = [
        as_row(d)
        for d in s.exec(
            select(ContactDraft)
            .where(ContactDraft.person_id == person_id)
            .order_by(col(ContactDraft.occurred_at))
        ).all()
    ]
    measures = mine(OutcomeMeasure, col(OutcomeMeasure.taken_on))
    connections = mine(CommunityConnection, col(CommunityConnection.made_on).desc())
    decisions = mine(SharedDecision, col(SharedDecision.created_at).desc())
    options: dict[str, list[Row]] = {}
    if decisions:
        ids = [d.id for d in decisions]
        for o in _live(s, DecisionOption, col(DecisionOption.decision_id).in_(ids),
                       order=col(DecisionOption.created_at)):  # fmt: skip
            options.setdefault(o.decision_id, []).append(as_row(o))
    budgets = mine(HealthBudget, col(HealthBudget.created_at).desc())
    lines: dict[str, list[Row]] = {}
    if budgets:
        ids = [b.id for b in budgets]
        for line in _live(s, BudgetLine, col(BudgetLine.budget_id).in_(ids),
                          order=col(BudgetLine.created_at)):  # fmt: skip
            lines.setdefault(line.budget_id, []).append(as_row(line))
    from linkworker.store.caseload import source_removed

    follow_ups = [
        as_row(f)
        for f in _live(s, FollowUp, FollowUp.person_id == person_id,
                       col(FollowUp.done_at).is_(None), ~source_removed(),
                       order=col(FollowUp.due_on))
    ]  # fmt: skip
    return PersonRecord(
        person=as_row(person),
        key_worker_name=worker.display_name if worker is not None else None,
        consents=consents,
        referrals=referrals,
        about_me=about[0] if about else None,
        plan=plan,
        needs=needs,
        goals=goals,
        actions=actions,
        contingency=contingency,
        contacts=contacts,
        drafts=drafts,
        measures=measures,
        connections=connections,
        decisions=decisions,
        options=options,
        budgets=budgets,
        budget_lines=lines,
        follow_ups=follow_ups,
        current_consent=current,
    )

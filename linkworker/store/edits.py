"""Editing a record one field or one row at a time, as the worker types.

Every value is checked by ``care.fields`` before it is written, every write goes through change
capture (so it syncs) and writes an audit event naming the record and the field, never the
value. ``set_field`` returns the value it replaced, so the window can undo and redo. Rows are
never deleted: ``remove_row`` tombstones them and ``restore_row`` brings them back (undo).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from linkworker.care import fields
from linkworker.care.fields import FieldRefused
from linkworker.store import audit
from linkworker.store.database import Database
from linkworker.store.tables import (
    AboutMe,
    BudgetLine,
    CarePlan,
    CommunityConnection,
    Consent,
    ContingencyPlan,
    DecisionOption,
    FollowUp,
    HealthBudget,
    OutcomeMeasure,
    Person,
    PlanAction,
    PlanGoal,
    PlanNeed,
    Referral,
    SharedDecision,
    Synced,
    utcnow,
)

TABLES: dict[str, type[Synced]] = {
    "person": Person,
    "referral": Referral,
    "consent": Consent,
    "about_me": AboutMe,
    "care_plan": CarePlan,
    "plan_need": PlanNeed,
    "plan_goal": PlanGoal,
    "plan_action": PlanAction,
    "contingency_plan": ContingencyPlan,
    "community_connection": CommunityConnection,
    "shared_decision": SharedDecision,
    "decision_option": DecisionOption,
    "health_budget": HealthBudget,
    "budget_line": BudgetLine,
    "follow_up": FollowUp,
    "outcome_measure": OutcomeMeasure,
}

# Links a new row must (or may) carry: field → (entity it points at, needed?, message if missing).
LINKS: dict[str, dict[str, tuple[str, bool, str]]] = {
    "about_me": {"person_id": ("person", True, "About Me belongs to a person.")},
    "care_plan": {"person_id": ("person", True, "A plan belongs to a person.")},
    "plan_need": {"plan_id": ("care_plan", True, "A need belongs to a plan.")},
    "plan_goal": {
        "plan_id": ("care_plan", True, "A goal belongs to a plan."),
        "need_id": ("plan_need", False, ""),
    },
    "plan_action": {
        "goal_id": (
            "plan_goal",
            True,
            "An action needs a goal: add the goal first, then its actions.",
        ),
    },
    "contingency_plan": {"plan_id": ("care_plan", True, "A contingency plan belongs to a plan.")},
    "community_connection": {
        "person_id": ("person", True, "A connection belongs to a person."),
    },
    "shared_decision": {"person_id": ("person", True, "A decision belongs to a person.")},
    "decision_option": {
        "decision_id": ("shared_decision", True, "An option belongs to a decision."),
    },
    "health_budget": {"person_id": ("person", True, "A budget belongs to a person.")},
    "budget_line": {"budget_id": ("health_budget", True, "A budget line belongs to a budget.")},
    "follow_up": {"person_id": ("person", False, "")},
    "outcome_measure": {"person_id": ("person", True, "A measure belongs to a person.")},
    "consent": {"person_id": ("person", True, "A consent belongs to a person.")},
}


# Rows a parent has at most one of: their id comes from the parent's, so two laptops that each
# start one offline make the same record, and sync merges their fields instead of keeping two.
ONE_PER_PARENT: dict[str, tuple[str, str]] = {
    "about_me": ("person_id", "person"),
    "contingency_plan": ("plan_id", "care_plan"),
}
_ONE_PER_PARENT_NAMESPACE = uuid.UUID("5b1f2c3e-7a4d-4e8b-9c61-2f0d8a7e6b15")


def one_per_parent_id(entity: str, parent_id: str) -> str:
    return str(uuid.uuid5(_ONE_PER_PARENT_NAMESPACE, f"{entity}:{parent_id}"))


class RecordGone(LookupError):
    """The record was removed (here or on another laptop) while it was open."""


@dataclass(frozen=True)
class Change:
    entity: str
    entity_id: str
    field: str
    old: Any
    new: Any


def _table(entity: str) -> type[Synced]:
    try:
        return TABLES[entity]
    except KeyError:
        raise FieldRefused(f"{entity} records are not edited here.") from None


def _live(s: Session, entity: str, entity_id: str) -> Any:
    row = s.get(_table(entity), entity_id)
    if row is None or row.deleted_at is not None:
        raise RecordGone(f"That {entity.replace('_', ' ')} is no longer there.")
    return row


def set_field(db: Database, entity: str, entity_id: str, field: str, raw: Any) -> Change:
    """Check and save one field; returns what changed (``old`` equal to ``new`` if nothing did)."""
    value = fields.check(entity, field, raw)
    with db.transaction() as s:
        row = _live(s, entity, entity_id)
        if entity == "person" and field == "nhs_number" and value is not None:
            check_nhs_number_free(s, value, entity_id)
        old = getattr(row, field)
        if old != value:
            setattr(row, field, value)
            _touched(s, entity, row)
            audit.record(s, "changed", entity, entity_id, field)
        return Change(entity, entity_id, field, old, value)


def _touched(s: Session, entity: str, row: Any) -> None:
    if entity == "about_me":
        row.last_updated_on = dt.date.today()


def check_nhs_number_free(s: Session, nhs_number: str, person_id: str | None = None) -> None:
    """Refuse an NHS number another person on this laptop already has (one person, one record)."""
    from sqlmodel import col, select

    query = select(Person.id).where(
        Person.nhs_number == nhs_number, col(Person.deleted_at).is_(None)
    )
    if person_id is not None:
        query = query.where(Person.id != person_id)
    if s.exec(query).first() is not None:
        raise FieldRefused(
            "Someone else on this laptop already has this NHS number: check the number, or "
            "find their record."
        )


def check_values(entity: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Every rule-governed field of a new row checked; missing required fields refused."""
    checked: dict[str, Any] = {}
    for name, rule in fields.FIELDS.get(entity, {}).items():
        if name in values:
            checked[name] = fields.check(entity, name, values[name])
        elif rule.required:
            raise FieldRefused(f"{rule.label} is needed.")
    unknown = set(values) - set(fields.FIELDS.get(entity, {})) - set(LINKS.get(entity, {}))
    if unknown:
        raise FieldRefused(f"{', '.join(sorted(unknown))} cannot be set here.")
    return checked


def add_row(
    db: Database,
    entity: str,
    values: Mapping[str, Any],
    checked_elsewhere: Mapping[str, Any] | None = None,
) -> str:
    """Check and write a new row (with its links to its parents); returns its id.

    ``checked_elsewhere``: fields checked by their own rules before this call (a measure's
    answers by ``care.measures``, a consent's yes or no), written as given.
    """
    table = _table(entity)
    links = LINKS.get(entity, {})
    link_values = {k: values.get(k) for k in links}
    checked = check_values(entity, {k: v for k, v in values.items() if k not in links})
    with db.transaction() as s:
        for name, (parent, needed, message) in links.items():
            target = link_values.get(name)
            if not target:
                if needed:
                    raise FieldRefused(message)
                continue
            try:
                _live(s, parent, str(target))
            except RecordGone:
                raise FieldRefused(message or f"That {parent} is no longer there.") from None
        row = table(
            **checked,
            **(checked_elsewhere or {}),
            **{k: v for k, v in link_values.items() if v},
        )
        s.add(row)
        if entity == "about_me":
            row.last_updated_on = dt.date.today()
        audit.record(s, "created", entity, row.id)
        return str(row.id)


def remove_row(db: Database, entity: str, entity_id: str) -> None:
    """Tombstone a row (it syncs as a removal); ``restore_row`` undoes it."""
    with db.transaction() as s:
        row = _live(s, entity, entity_id)
        row.deleted_at = utcnow()
        audit.record(s, "removed", entity, entity_id)


def restore_row(db: Database, entity: str, entity_id: str) -> None:
    with db.transaction() as s:
        row = s.get(_table(entity), entity_id)
        if row is None:
            raise RecordGone(f"That {entity.replace('_', ' ')} is no longer there.")
        if row.deleted_at is not None:
            row.deleted_at = None
            audit.record(s, "restored", entity, entity_id)


def set_link(db: Database, entity: str, entity_id: str, field: str, target: str | None) -> Change:
    """Point a row at another (a goal at its need, a decision at the option chosen)."""
    allowed = {("plan_goal", "need_id"): "plan_need",
               ("shared_decision", "chosen_option_id"): "decision_option"}  # fmt: skip
    parent = allowed.get((entity, field))
    if parent is None:
        raise FieldRefused(f"{entity}.{field} cannot be changed here.")
    with db.transaction() as s:
        row = _live(s, entity, entity_id)
        if target is not None:
            _live(s, parent, target)
        old = getattr(row, field)
        if old != target:
            setattr(row, field, target)
            audit.record(s, "changed", entity, entity_id, field)
        return Change(entity, entity_id, field, old, target)


def ensure_row(db: Database, entity: str, parent_id: str) -> str:
    """The one ``entity`` row of a parent (About Me of a person, the contingency plan of a plan):
    made empty if there is none yet, brought back if it was removed. Returns its id."""
    link, parent = ONE_PER_PARENT[entity]
    row_id = one_per_parent_id(entity, parent_id)
    table = _table(entity)
    with db.transaction() as s:
        _live(s, parent, parent_id)
        row = s.get(table, row_id)
        if row is None:
            row = table(id=row_id)
            setattr(row, link, parent_id)
            s.add(row)
            if entity == "about_me":
                row.last_updated_on = dt.date.today()
            audit.record(s, "created", entity, row_id)
        elif row.deleted_at is not None:
            row.deleted_at = None
            audit.record(s, "restored", entity, row_id)
        return row_id

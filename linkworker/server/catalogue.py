"""What the server knows about each synced entity: its fields, who may see it, where it hangs.

Derived from the laptop's table definitions (``linkworker.store.tables``, plain SQLModel classes;
nothing of SQLCipher is loaded), so a table added there syncs without server changes.

Scopes:

* ``org``: the directory and the organisation's own lists (teams, workers, devices): every laptop
  of the organisation pulls them;
* ``team``: a person's record and everything hanging off it, pulled only by the team holding the
  case (managers and administrators see every team). Rows not hanging off a person (a worker's
  note on a service, a follow-up about no one) belong to the team of the worker who wrote them;
* ``device``: pushed for the server's keeping (the audit trail) and never pulled back.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from linkworker.care.guarded import guarded_fields

Scope = Literal["org", "team", "device"]

SERVER_MANAGED = frozenset({"organisation", "team", "worker", "device"})
DEVICE_SCOPED = frozenset({"audit_event"})
# Links that lead from a row towards the person it belongs to, beyond plain ``person_id``.
PARENT_LINKS: dict[str, tuple[str, str]] = {
    "plan_need": ("plan_id", "care_plan"),
    "plan_goal": ("plan_id", "care_plan"),
    "plan_action": ("goal_id", "plan_goal"),
    "contingency_plan": ("plan_id", "care_plan"),
    "decision_option": ("decision_id", "shared_decision"),
    "budget_line": ("budget_id", "health_budget"),
}
TEAM_SCOPED_ROOTS = frozenset({"person", "service_note"})


@dataclass(frozen=True)
class Entity:
    name: str
    fields: frozenset[str]
    scope: Scope
    parent: tuple[str, str] | None  # (field, entity) towards the person, for team-scoped rows
    append_only: bool
    server_managed: bool
    guarded: frozenset[str]


@cache
def entities() -> dict[str, Entity]:
    import linkworker.store.tables as tables

    found: dict[str, Entity] = {}
    for model in vars(tables).values():
        if not (isinstance(model, type) and issubclass(model, tables.Synced)):
            continue
        table = getattr(model, "__table__", None)
        if table is None:
            continue
        name = str(table.name)
        fields = frozenset(str(c.name) for c in table.columns)
        parent: tuple[str, str] | None = None
        scope: Scope
        if name in DEVICE_SCOPED:
            scope = "device"
        elif name in PARENT_LINKS:
            scope, parent = "team", PARENT_LINKS[name]
        elif "person_id" in fields:
            scope, parent = "team", ("person_id", "person")
        elif name in TEAM_SCOPED_ROOTS:
            scope = "team"
        else:
            scope = "org"
        found[name] = Entity(
            name=name,
            fields=fields,
            scope=scope,
            parent=parent,
            append_only=issubclass(model, tables.AppendOnly),
            server_managed=name in SERVER_MANAGED,
            guarded=guarded_fields(name),
        )
    return found


def entity(name: str) -> Entity | None:
    return entities().get(name)

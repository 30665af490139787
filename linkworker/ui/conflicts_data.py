"""Conflicts as the Conflicts view shows them, and resolving one.

    items = load_conflicts(database)        # plain ConflictItems, latest value first
    resolve(database, item.id, value)       # an ordinary edit of the field, then sync

A conflict is a guarded field (risk, consent, status, key worker, NHS number, date of birth …)
edited on two or more laptops before they synced. Each standing value carries the hybrid logical
clock stamp of its edit, "<ms since epoch>-<counter>-<device id>": the device says who (the
worker who enrolled that laptop, from the ``device`` and ``worker`` rows pulled from the server)
and the milliseconds say when.

Resolving (``linkworker.sync.conflicts.resolve``, re-exported here) is an ordinary edit of that
field, so change capture sends it like any edit; the server then clears the conflict for everyone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from PySide6.QtCore import QCoreApplication
from sqlalchemy import Boolean, Date, DateTime
from sqlmodel import Session, select

from linkworker.care import referral
from linkworker.care.consent import CONSENT_KINDS
from linkworker.care.hlc import Timestamp
from linkworker.care.nhs_number import InvalidNHSNumber, format_nhs_number
from linkworker.store.database import Database
from linkworker.store.tables import Conflict, Device, Person, Synced, SyncState, Worker
from linkworker.sync import replica
from linkworker.sync.conflicts import ConflictGone, resolve

# How a field is edited when the worker writes a merged value.
BOOL, DATE, CHOICE, LONG_TEXT, TEXT, NHS_NUMBER = (
    "bool",
    "date",
    "choice",
    "long_text",
    "text",
    "nhs_number",
)
KEY_WORKER = "key_worker_id"
LONG_TEXT_FIELDS = frozenset({"risk_notes", "notes"})


def _tr(text: str) -> str:
    return QCoreApplication.translate("Conflicts", text)


def field_label(entity: str, field: str) -> str:
    labels = {
        ("person", "risk_flag"): _tr("Risk or safeguarding flag"),
        ("person", "risk_notes"): _tr("Risk and safeguarding notes"),
        ("person", "status"): _tr("Status"),
        ("person", KEY_WORKER): _tr("Key worker"),
        ("person", "nhs_number"): _tr("NHS number"),
        ("person", "date_of_birth"): _tr("Date of birth"),
        ("consent", "given"): _tr("Consent given"),
        ("consent", "kind"): _tr("What the consent is for"),
        ("referral", "state"): _tr("Referral state"),
        ("referral", "close_outcome"): _tr("Outcome when closed"),
    }
    return labels.get((entity, field)) or field.replace("_", " ").capitalize()


def entity_label(entity: str) -> str:
    labels = {"person": _tr("Person"), "consent": _tr("Consent"), "referral": _tr("Referral")}
    return labels.get(entity) or entity.replace("_", " ").capitalize()


# Fields whose values come from a fixed list (DESIGN.md section 4).
FIXED_CHOICES: dict[tuple[str, str], tuple[str | None, ...]] = {
    ("person", "status"): ("active", "closed"),
    ("consent", "kind"): CONSENT_KINDS,
    ("referral", "state"): referral.STATES,
    ("referral", "close_outcome"): (None, *referral.CLOSE_OUTCOMES),
}


@dataclass(frozen=True)
class Choice:
    """One standing value of the field, with who set it and when."""

    value: Any  # as it travels (dates as ISO text)
    shown: str  # as the person reads it
    who: str  # "Bob Brown", "This laptop" or "Another laptop"
    when: str  # local date and time of the edit
    device_name: str  # the laptop's name, when known
    own: bool  # made on this laptop


@dataclass(frozen=True)
class ConflictItem:
    id: str
    entity: str
    entity_id: str
    field: str
    subject: str  # the person's name; for other records, the kind and the person
    field_label: str
    editor: str  # BOOL, DATE, CHOICE, LONG_TEXT, TEXT or NHS_NUMBER
    choices: tuple[Choice, ...]  # latest first
    options: tuple[tuple[Any, str], ...] = ()  # for CHOICE editors: (value, shown)

    @property
    def title(self) -> str:
        return f"{self.subject} · {self.field_label}"


@cache
def _models() -> dict[str, type[Synced]]:
    import linkworker.store.tables as tables

    found: dict[str, type[Synced]] = {}
    for model in vars(tables).values():
        if isinstance(model, type) and issubclass(model, Synced) and hasattr(model, "__table__"):
            found[str(model.__tablename__)] = model
    return found


def _editor(entity: str, field: str) -> str:
    if field == KEY_WORKER or (entity, field) in FIXED_CHOICES:
        return CHOICE
    if entity == "person" and field == "nhs_number":
        return NHS_NUMBER
    column = replica.synced_tables()[entity].c.get(field)
    kind = getattr(column, "type", None) if column is not None else None
    kind = getattr(kind, "impl_instance", kind)
    if isinstance(kind, Boolean):
        return BOOL
    if isinstance(kind, Date) and not isinstance(kind, DateTime):
        return DATE
    return LONG_TEXT if field in LONG_TEXT_FIELDS else TEXT


def _person_name(person: Person | None) -> str:
    if person is None:
        return _tr("someone not on this laptop")
    return f"{person.given_name} {person.family_name}"


class _Reader:
    """What one look at the conflicts needs: who is who, and this laptop's own id."""

    def __init__(self, session: Session) -> None:
        state = session.get(SyncState, 1)
        self.own_device = state.device_id if state else ""
        self.workers = {w.id: w.display_name for w in session.exec(select(Worker)).all()}
        self.devices = {d.id: d for d in session.exec(select(Device)).all()}
        self.session = session

    def who(self, hlc: str) -> tuple[str, str, bool]:
        device = Timestamp.unpack(hlc).device
        if device == self.own_device:
            return _tr("This laptop"), "", True
        row = self.devices.get(device)
        if row is None:
            return _tr("Another laptop"), "", False
        name = self.workers.get(row.worker_id or "")
        return (name or _tr("Another laptop")), row.name, False

    def shown(self, item_entity: str, field: str, value: Any) -> str:
        if value is None or value == "":
            return _tr("(blank)")
        editor = _editor(item_entity, field)
        if editor == BOOL:
            return _tr("Yes") if value else _tr("No")
        if editor == DATE:
            try:
                return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
            except ValueError:
                return str(value)
        if editor == NHS_NUMBER:
            try:
                return format_nhs_number(str(value))
            except InvalidNHSNumber:
                return str(value)
        if field == KEY_WORKER:
            return self.workers.get(str(value)) or _tr("a worker not known on this laptop")
        return str(value)

    def subject(self, entity: str, entity_id: str) -> str:
        model = _models().get(entity)
        row = self.session.get(model, entity_id) if model is not None else None
        if entity == "person":
            return _person_name(row if isinstance(row, Person) else None)
        person_id = getattr(row, "person_id", None)
        person = self.session.get(Person, person_id) if person_id else None
        if person is None:
            return entity_label(entity)
        return _tr("{kind} for {person}").format(
            kind=entity_label(entity), person=_person_name(person)
        )

    def options(self, entity: str, field: str) -> tuple[tuple[Any, str], ...]:
        if field == KEY_WORKER:
            people = sorted(self.workers.items(), key=lambda kv: kv[1].lower())
            return ((None, _tr("(no key worker)")), *people)
        fixed = FIXED_CHOICES.get((entity, field), ())
        return tuple((v, _tr("(blank)") if v is None else v) for v in fixed)


def when_text(hlc: str, now: dt.datetime | None = None) -> str:
    """The local date and time of an edit, from its clock stamp."""
    moment = dt.datetime.fromtimestamp(Timestamp.unpack(hlc).physical_ms / 1000, dt.UTC)
    local = moment.astimezone()
    today = (now or dt.datetime.now().astimezone()).astimezone().date()
    if local.date() == today:
        return _tr("today at {time}").format(time=f"{local:%H:%M}")
    return _tr("{date} at {time}").format(date=f"{local.day} {local:%B %Y}", time=f"{local:%H:%M}")


def load_conflicts(db: Database) -> list[ConflictItem]:
    """Every conflict, oldest first, as plain data."""
    with db.reading() as s:
        reader = _Reader(s)
        rows = s.exec(select(Conflict).order_by(Conflict.created_at, Conflict.id)).all()  # type: ignore[arg-type]
        items = []
        for row in rows:
            if row.entity not in replica.synced_tables():
                continue
            choices = []
            for c in sorted(row.candidates, key=lambda c: str(c.get("hlc", "")), reverse=True):
                who, device_name, own = reader.who(str(c["hlc"]))
                choices.append(
                    Choice(
                        value=c.get("value"),
                        shown=reader.shown(row.entity, row.field, c.get("value")),
                        who=who,
                        when=when_text(str(c["hlc"])),
                        device_name=device_name,
                        own=own,
                    )
                )
            items.append(
                ConflictItem(
                    id=row.id,
                    entity=row.entity,
                    entity_id=row.entity_id,
                    field=row.field,
                    subject=reader.subject(row.entity, row.entity_id),
                    field_label=field_label(row.entity, row.field),
                    editor=_editor(row.entity, row.field),
                    choices=tuple(choices),
                    options=reader.options(row.entity, row.field),
                )
            )
    return items


__all__ = ["ConflictGone", "ConflictItem", "load_conflicts", "resolve"]

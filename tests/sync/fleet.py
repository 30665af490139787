"""A fleet of laptops, each with its own encrypted database, syncing with the real server app
through a network that misbehaves on purpose; and the checks made once it has healed.

The server is the FastAPI app itself, served in-process through Starlette's test client (real
routes, real database: SQLite or PostgreSQL). Between each laptop and the app sits a
``FaultyNetwork`` link that, by a seeded random draw per request, drops the request, loses the
response after the server committed, delivers the request twice, holds it back and delivers it
later (after newer ones: reordering), cuts a laptop off (partition) or kills the laptop (its
``Database`` is thrown away and reopened from disk, as after a crash). Laptop clocks are skewed.
The administrator loads the organisation's directory on the server (``Fleet.import_directory``)
while the laptops work.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import ColumnElement, Engine, select, update
from sqlmodel import Session, col
from sqlmodel import select as sqlselect

from linkworker.care.consent import CONSENT_KINDS
from linkworker.care.measures import ONS4_KEYS, TIMEPOINTS
from linkworker.server import accounts
from linkworker.server import tables as t
from linkworker.server.directory import import_file
from linkworker.server.records import server_write
from linkworker.store import edits, keys, migrate
from linkworker.store.capture import AppendOnlyViolation
from linkworker.store.database import Database
from linkworker.store.directory_actions import (
    ConnectionKind,
    add_note,
    connect_person,
    mark_checked,
    remove_note,
)
from linkworker.store.engine import checkpoint, open_engine
from linkworker.store.tables import (
    CarePlan,
    CommunityConnection,
    Consent,
    ContingencyPlan,
    DirService,
    Encounter,
    FollowUp,
    OutboxOp,
    OutcomeMeasure,
    Person,
    PlanAction,
    PlanGoal,
    PlanNeed,
    ServiceNote,
    Synced,
    SyncState,
    Worker,
    new_id,
)
from linkworker.sync import client
from linkworker.sync.merge import META_FIELDS, FieldStamp, expand_stamps
from linkworker.sync.transport import Transport
from tests.sync import feed

BASE_URL = "http://testserver"
MINUTE_MS = 60_000


def open_laptop_database(path: Path, key: bytes) -> Database:
    return Database(open_engine(path, key), path)


class Killed(BaseException):
    """The laptop died (power cut, crash): not an error its code may catch."""


# ------------------------------------------------------------------------------------ network


@dataclass
class Faults:
    drop: float = 0.0  # the request never reaches the server
    lose_response: float = 0.0  # the server commits; the answer never arrives
    duplicate: float = 0.0  # the request arrives twice
    delay: float = 0.0  # held back, delivered later after newer requests (reordering)
    kill: float = 0.0  # the laptop dies before or after the request

    @classmethod
    def none(cls) -> Faults:
        return cls()


@dataclass
class FaultyNetwork:
    app: TestClient
    rng: random.Random
    faults: Faults = field(default_factory=Faults.none)
    partitioned: set[str] = field(default_factory=set)
    held: list[httpx.Request] = field(default_factory=list)
    delivered: int = 0

    def deliver(self, request: httpx.Request) -> httpx.Response:
        self.delivered += 1
        answer = self.app.request(
            request.method, str(request.url), headers=dict(request.headers),
            content=request.content,
        )  # fmt: skip
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    def release_some(self) -> None:
        """Deliver some held-back requests now, late: their answers go nowhere."""
        keep = []
        for request in self.held:
            if self.rng.random() < 0.5:
                self.deliver(request)
            else:
                keep.append(request)
        self.held = keep

    def release_all(self) -> None:
        for request in self.held:
            self.deliver(request)
        self.held = []

    def link(self, laptop: str) -> httpx.Client:
        return httpx.Client(transport=_Link(self, laptop), base_url=BASE_URL)


class _Link(httpx.BaseTransport):
    def __init__(self, net: FaultyNetwork, laptop: str) -> None:
        self.net = net
        self.laptop = laptop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        net, f = self.net, self.net.faults
        request.read()
        if net.held and net.rng.random() < 0.3:
            net.release_some()
        if self.laptop in net.partitioned:
            raise httpx.ConnectError("partitioned")
        roll = net.rng.random
        if roll() < f.kill / 2:
            raise Killed()
        if roll() < f.drop:
            raise httpx.ConnectError("dropped")
        if roll() < f.delay:
            net.held.append(request)
            raise httpx.ReadTimeout("held back")
        response = net.deliver(request)
        if roll() < f.duplicate:
            response = net.deliver(request)
        if roll() < f.kill / 2:
            raise Killed()
        if roll() < f.lose_response:
            raise httpx.ReadTimeout("response lost")
        return response


# ------------------------------------------------------------------------------------ laptops


@dataclass
class SeenOp:
    op_id: str
    device_seq: int
    entity: str
    entity_id: str
    kind: str
    base_version: int | None
    hlc: str
    payload: dict[str, Any]


class Laptop:
    """One worker's laptop: an encrypted database file, a clock, a link to the server."""

    def __init__(
        self, name: str, path: Path, key: bytes, net: FaultyNetwork, token: str, skew_ms: int
    ) -> None:
        self.name = name
        self.path = path
        self.key = key
        self.skew_ms = skew_ms
        self.db = self._open()
        self.device_id = self.db.device_id()
        self.transport = Transport(BASE_URL, token, client=net.link(name))
        self.created: dict[str, SeenOp] = {}
        self.restarts = 0
        self.refused_alterations = 0  # tries to change a signed-off contact, each refused
        self.to_alter: str | None = None

    def _open(self) -> Database:
        db = open_laptop_database(self.path, self.key)
        db.clock_skew_ms = self.skew_ms
        return db

    def restart(self) -> None:
        """After a crash: everything in memory is gone; the database is opened again."""
        self.db.close()
        self.db = self._open()
        self.restarts += 1

    def note_outbox(self) -> None:
        """Remember every op this laptop created (they stay in the outbox until answered; this
        is called after each edit, so only the newest need reading)."""
        newest = max((op.device_seq for op in self.created.values()), default=-1)
        with self.db.reading() as s:
            for op in s.exec(sqlselect(OutboxOp).where(OutboxOp.device_seq > newest)).all():
                self.created[op.op_id] = SeenOp(
                    op.op_id, op.device_seq, op.entity, op.entity_id, op.kind,
                    op.base_version, op.hlc, dict(op.payload or {}),
                )  # fmt: skip

    def sync(self) -> str:
        try:
            client.sync_once(self.db, self.transport)
        except Killed:
            self.restart()
            return "killed"
        except client.SyncProblem as problem:
            return type(problem).__name__
        return "ok"

    # -- what a worker does offline -------------------------------------------------------------
    #
    # One random edit, as a worker would make it: new people, ordinary and guarded fields of a
    # person (risk flag and notes, NHS number, status, date of birth, key worker), contacts
    # (append-only, signed off) and addenda to them, consents (guarded), care plans built and
    # edited (needs, goals, actions, contingency plans), follow-ups, outcome measures (ONS4),
    # and tombstones. Existing rows are picked oldest first more often than not (``_pick``):
    # those are the ones the other laptops have too, so edits of them are often concurrent.
    # A new row's parents exist on this laptop and are not tombstoned here (one tombstoned on
    # another laptop meanwhile is fine: a tombstone is a soft delete).

    def caseload(self, rng: random.Random, serial: Iterator[int], people: int = 3) -> None:
        """The worker's caseload as the day starts: people with consents, care plans for some,
        a contact, a measure and a follow-up, two of them signposted or referred to a service
        of the directory, and a note on a service (the others' laptops get it all at the
        morning sync)."""
        now = dt.datetime.now(dt.UTC)
        connect = []
        with self.db.transaction() as s:
            for i in range(people):
                n = next(serial)
                person = Person(given_name=f"Person {n}", family_name=self.name, town="Leeds")
                _put(s, person)
                connect.append(person.id)
                s.add(
                    Consent(
                        person_id=person.id, kind=CONSENT_KINDS[i % len(CONSENT_KINDS)],
                        given=True, recorded_on=dt.date(2026, 11, 2), how_recorded="verbal",
                    )
                )  # fmt: skip
                if i < 2:
                    self._new_plan(s, rng, n, person)
            s.add(
                Encounter(
                    person_id=person.id, occurred_at=now, mode="phone", kind="conversation",
                    notes=f"contact {n} by {self.name}", signed_off_at=now,
                )
            )  # fmt: skip
            self._measure(s, rng, n, person)
            self._follow_up(s, rng, n, person)
            services = list(s.exec(sqlselect(DirService.id).order_by(DirService.id)).all())
        if services:
            for person_id in connect[:2]:
                self._connect(rng, next(serial), person_id, services)
            add_note(self.db, services[0], f"note {next(serial)} by {self.name}: ring first")
        self.note_outbox()

    def edit(self, rng: random.Random, serial: Iterator[int]) -> None:
        if rng.random() < DIRECTORY_SHARE:
            self._directory(rng, next(serial))
        else:
            self._edit(rng, serial)
        if self.to_alter is not None:  # a signed-off note cannot be changed, only added to
            self._must_refuse(self.to_alter)
            self.to_alter = None
        self.note_outbox()

    def _edit(self, rng: random.Random, serial: Iterator[int]) -> None:
        n = next(serial)
        with self.db.transaction() as s:
            people = s.exec(sqlselect(Person).order_by(Person.id)).all()
            live = [p for p in people if p.deleted_at is None]
            roll = rng.random() if live else 0.0
            if roll < 0.08:
                s.add(
                    Person(
                        given_name=f"Person {n}", family_name=self.name,
                        phone=f"0113 496 {n:04d}", town=rng.choice(["Leeds", "Otley", "Ilkley"]),
                    )
                )  # fmt: skip
                return
            person = _pick(rng, people)
            if roll < 0.18:  # ordinary fields
                for name in rng.sample(["phone", "town", "email", "pronouns"], rng.randint(1, 2)):
                    setattr(person, name, f"{name} {n} by {self.name}")
            elif roll < 0.36:  # guarded fields (risk flag and notes most often)
                self._guarded(s, rng, n, person)
            elif roll < 0.48:  # a contact or an addendum: append-only
                self._contact(s, rng, n, _pick(rng, live))
            elif roll < 0.64:  # consent: a child record with guarded fields
                self._consent(s, rng, n, _pick(rng, live))
            elif roll < 0.86:  # the personalised care and support plan
                self._plan(s, rng, n, _pick(rng, live))
            elif roll < 0.92:
                self._follow_up(s, rng, n, _pick(rng, live))
            elif roll < 0.98:
                self._measure(s, rng, n, _pick(rng, live))
            elif person.deleted_at is None:  # removed from the caseload: a tombstone
                person.deleted_at = dt.datetime.now(dt.UTC)

    def _guarded(self, s: Session, rng: random.Random, n: int, person: Person) -> None:
        what = rng.choice(["risk"] * 3 + ["nhs_number", "status", "date_of_birth", "key_worker"])
        if what == "risk":  # raised or lowered, with a note saying why
            person.risk_flag = rng.random() < 0.5
            person.risk_notes = f"risk {n} by {self.name}"
        elif what == "nhs_number":
            person.nhs_number = f"{n:010d}"
        elif what == "status":
            person.status = f"status {n}"
        elif what == "date_of_birth":
            person.date_of_birth = dt.date(1930, 1, 1) + dt.timedelta(days=n % 25_000)
        else:
            workers = s.exec(sqlselect(Worker.id).order_by(Worker.id)).all()
            person.key_worker_id = rng.choice([None, *workers])

    def _contact(self, s: Session, rng: random.Random, n: int, person: Person) -> None:
        """A signed-off contact, or an addendum to one (perhaps written on another laptop)."""
        now = dt.datetime.now(dt.UTC)
        amends: Encounter | None = None
        if rng.random() < 0.35:  # of someone still on the caseload here
            contacts = s.exec(
                sqlselect(Encounter)
                .join(Person, col(Person.id) == col(Encounter.person_id))
                .where(col(Person.deleted_at).is_(None))
                .order_by(Encounter.id)
            ).all()
            amends = _pick(rng, contacts) if contacts else None
        if amends is not None:
            if rng.random() < 0.3:  # and, once this is saved, an attempt to edit the original
                self.to_alter = amends.id
            person_id, kind, note = amends.person_id, amends.kind, f"addendum {n} to {amends.id}"
        else:
            person_id, kind, note = person.id, rng.choice(ENCOUNTER_KINDS), f"contact {n}"
        s.add(
            Encounter(
                person_id=person_id, occurred_at=now - dt.timedelta(minutes=rng.randint(0, 90)),
                mode=rng.choice(["face to face", "phone", "video", "home visit", "group"]),
                kind=kind, duration_minutes=rng.choice([None, 15, 30, 45]),
                attended=rng.random() < 0.9, notes=f"{note} by {self.name}",
                guide_answers={"what_matters": f"answer {n}"} if rng.random() < 0.3 else None,
                signed_off_at=now, amends_id=amends.id if amends else None,
            )
        )  # fmt: skip

    def _must_refuse(self, contact_id: str) -> None:
        """Try to change a signed-off contact: refused, and nothing is written (no op)."""
        try:
            with self.db.transaction() as s:
                contact = s.get(Encounter, contact_id)
                assert contact is not None
                contact.notes = "changed"
        except AppendOnlyViolation:
            self.refused_alterations += 1
        else:
            raise AssertionError(f"laptop {self.name} changed signed-off contact {contact_id}")

    def _consent(self, s: Session, rng: random.Random, n: int, person: Person) -> None:
        mine = s.exec(sqlselect(Consent).where(Consent.person_id == person.id)).all()
        if len(mine) < 2 and rng.random() < 0.4:
            s.add(
                Consent(
                    person_id=person.id, kind=rng.choice(CONSENT_KINDS), given=True,
                    recorded_on=dt.date(2026, 11, 2), how_recorded="verbal",
                    recorded_by=self._worker(s, rng),
                )
            )  # fmt: skip
            return
        consents = s.exec(sqlselect(Consent).order_by(Consent.id)).all()
        if not consents:
            return
        consent = _pick(rng, consents)
        roll = rng.random()
        if roll < 0.5:  # given, or withdrawn (guarded)
            consent.given = not consent.given
            consent.recorded_on = dt.date(2026, 11, 2) + dt.timedelta(days=n % 300)
        elif roll < 0.85:  # recorded as another kind (guarded)
            consent.kind = rng.choice([k for k in CONSENT_KINDS if k != consent.kind])
        else:  # ordinary
            consent.how_recorded = f"written {n} by {self.name}"

    def _plan(self, s: Session, rng: random.Random, n: int, person: Person) -> None:
        plans = s.exec(sqlselect(CarePlan).order_by(CarePlan.id)).all()
        live = [p for p in plans if p.deleted_at is None]
        roll = rng.random()
        if not live or roll < 0.15:
            self._new_plan(s, rng, n, person)
        elif roll < 0.35:  # a plan grows: a need, a goal with an action, or a contingency plan
            plan = _pick(rng, live)
            grow = rng.choice(["need", "goal", "action", "contingency"])
            if grow == "need":
                s.add(PlanNeed(plan_id=plan.id, description=f"need {n} by {self.name}"))
            elif grow == "goal":
                needs = _live(s, PlanNeed, col(PlanNeed.plan_id) == plan.id)
                goal = PlanGoal(
                    plan_id=plan.id, need_id=rng.choice(needs).id if needs else None,
                    in_own_words=f"goal {n} by {self.name}", importance=rng.randint(0, 10),
                )  # fmt: skip
                _put(s, goal)
                s.add(_action(rng, n, self.name, goal.id))
            elif grow == "action":
                goals = _live(s, PlanGoal)
                if goals:
                    s.add(_action(rng, n, self.name, _pick(rng, goals).id))
            else:
                s.add(_contingency(n, self.name, plan.id))
        elif roll < 0.9:  # ordinary fields of a row of a plan (tombstoned meanwhile, too)
            plan = _pick(rng, plans)
            family: list[Synced] = [plan]
            for table in (PlanNeed, PlanGoal, ContingencyPlan):
                family += s.exec(sqlselect(table).where(table.plan_id == plan.id)).all()
            goal_ids = [row.id for row in family if isinstance(row, PlanGoal)]
            actions = sqlselect(PlanAction).where(col(PlanAction.goal_id).in_(goal_ids))
            family += s.exec(actions).all()
            self._edit_plan_row(s, rng, n, rng.choice(family))
        else:  # a need, goal, action or contingency plan taken out, or the whole plan
            rows = _live(s, rng.choice(PLAN_ROWS))
            if rows:
                _pick(rng, rows).deleted_at = dt.datetime.now(dt.UTC)

    def _new_plan(self, s: Session, rng: random.Random, n: int, person: Person) -> None:
        """A plan agreed in one sitting: needs, goals in the person's words, actions, and
        perhaps a contingency plan, written in one transaction (parents first)."""
        day = dt.date(2026, 11, 2) + dt.timedelta(days=n % 300)
        plan = CarePlan(
            person_id=person.id, strengths=f"strengths {n} by {self.name}",
            agreed_with=rng.choice(AGREED_WITH), agreed_on=day,
            review_on=day + dt.timedelta(weeks=12), status="agreed",
        )  # fmt: skip
        _put(s, plan)
        for i in range(rng.randint(1, 2)):
            need = PlanNeed(plan_id=plan.id, description=f"need {n}.{i} by {self.name}")
            _put(s, need)
            goal = PlanGoal(
                plan_id=plan.id, need_id=need.id, in_own_words=f"goal {n}.{i} by {self.name}",
                importance=rng.randint(0, 10),
            )  # fmt: skip
            _put(s, goal)
            s.add(_action(rng, n, self.name, goal.id))
        if rng.random() < 0.5:
            s.add(_contingency(n, self.name, plan.id))

    def _edit_plan_row(self, s: Session, rng: random.Random, n: int, row: Synced) -> None:
        by = f"{n} by {self.name}"
        day = dt.date(2026, 11, 2) + dt.timedelta(days=n % 300)
        if isinstance(row, CarePlan):
            for name in rng.sample(["strengths", "review_on", "agreed_with"], rng.randint(1, 2)):
                value = {"strengths": f"strengths {by}", "review_on": day,
                         "agreed_with": f"{rng.choice(AGREED_WITH)} ({by})"}[name]  # fmt: skip
                setattr(row, name, value)
        elif isinstance(row, PlanNeed):
            row.description = f"need {by}"
        elif isinstance(row, PlanGoal):
            name = rng.choice(["in_own_words", "importance", "status", "need_id"])
            if name == "in_own_words":
                row.in_own_words = f"goal {by}"
            elif name == "importance":
                row.importance = rng.randint(0, 10)
            elif name == "status":
                row.status = rng.choice(GOAL_STATUSES)
            else:  # linked to another need of the same plan
                needs = _live(s, PlanNeed, col(PlanNeed.plan_id) == row.plan_id)
                row.need_id = rng.choice([None, *(x.id for x in needs)])
        elif isinstance(row, PlanAction):
            for name in rng.sample(["what", "who", "due_on", "confidence", "status"], 2):
                value = {"what": f"action {by}", "who": f"who {by}", "due_on": day,
                         "confidence": rng.randint(0, 10),
                         "status": rng.choice(ACTION_STATUSES)}[name]  # fmt: skip
                setattr(row, name, value)
        else:
            assert isinstance(row, ContingencyPlan)
            name = rng.choice(["triggers", "what_should_happen", "who_to_contact",
                               "coping_strategies"])  # fmt: skip
            setattr(row, name, f"{name} {by}")

    def _follow_up(self, s: Session, rng: random.Random, n: int, person: Person) -> None:
        rows = s.exec(sqlselect(FollowUp).order_by(FollowUp.id)).all()
        roll = rng.random()
        due = dt.date(2026, 11, 2) + dt.timedelta(days=n % 300)
        if not rows or roll < 0.4:  # about a person, or about no one; perhaps from an action
            actions = _live(s, PlanAction) if rng.random() < 0.3 else []
            action = rng.choice(actions) if actions else None
            s.add(
                FollowUp(
                    person_id=person.id if rng.random() < 0.85 else None, due_on=due,
                    what=f"follow up {n} by {self.name}", for_worker_id=self._worker(s, rng),
                    source_entity="plan_action" if action else None,
                    source_id=action.id if action else None,
                )
            )  # fmt: skip
            return
        row = _pick(rng, rows)
        if roll < 0.65:
            row.done_at = dt.datetime.now(dt.UTC) if row.done_at is None else None
        elif roll < 0.9:
            row.due_on, row.what = due, f"follow up {n} by {self.name}"
        elif row.deleted_at is None:
            row.deleted_at = dt.datetime.now(dt.UTC)

    def _measure(self, s: Session, rng: random.Random, n: int, person: Person) -> None:
        rows = s.exec(sqlselect(OutcomeMeasure).order_by(OutcomeMeasure.id)).all()
        answers = {key: rng.randint(0, 10) for key in ONS4_KEYS}
        roll = rng.random()
        if not rows or roll < 0.45:
            s.add(
                OutcomeMeasure(
                    person_id=person.id, instrument="ONS4", timepoint=rng.choice(TIMEPOINTS),
                    taken_on=dt.date(2026, 11, 2) + dt.timedelta(days=n % 300),
                    answers=answers,
                )
            )  # fmt: skip
            return
        row = _pick(rng, rows)
        if roll < 0.8:  # answers corrected: the whole dict is one ordinary field
            row.answers = answers
        elif roll < 0.9:
            row.timepoint = rng.choice([t for t in TIMEPOINTS if t != row.timepoint])
        elif row.deleted_at is None:
            row.deleted_at = dt.datetime.now(dt.UTC)

    # -- the directory, as a worker uses it --------------------------------------------------
    #
    # Through the store functions the app's Directory page and Connections tab call (each its
    # own transaction, audited): a note on a service added, reworded (no store function: the
    # row edited, as the fleet edits others) or removed; a service checked on the day; a
    # person signposted or referred to a service; a connection's status and feedback as it
    # goes on, or the connection removed. Services are picked oldest first (``_pick``), so
    # laptops check the same services and edit the same connections offline.

    def _directory(self, rng: random.Random, n: int) -> None:
        day = dt.date(2026, 11, 2) + dt.timedelta(days=n % 300)
        by = f"{n} by {self.name}"
        with self.db.reading() as s:
            services = list(s.exec(sqlselect(DirService.id).order_by(DirService.id)).all())
            people = [p.id for p in _live(s, Person)]
            notes = [x.id for x in _live(s, ServiceNote)]
            connections = [c.id for c in _live(s, CommunityConnection)]
        if not services or not people:
            return
        roll = rng.random()
        if roll < 0.08 or (roll < 0.28 and not notes):
            add_note(self.db, _pick(rng, services), f"note {by}: ask for Sam at the door")
        elif roll < 0.22:  # a note put better (the worker's own, or a colleague's corrected)
            with self.db.transaction() as s:
                note = s.get(ServiceNote, _pick(rng, notes))
                assert note is not None
                note.text = f"note {by}: the side door is step-free"
        elif roll < 0.28:  # a note that no longer holds, removed
            remove_note(self.db, _pick(rng, notes))
        elif roll < 0.43:
            mark_checked(self.db, _pick(rng, services), day)
        elif roll < 0.55 or not connections:
            self._connect(rng, n, _pick(rng, people), services)
        elif roll < 0.95:  # how it went: the status moves on, feedback from the person
            connection = _pick(rng, connections)
            if rng.random() < 0.6:
                status = rng.choice(CONNECTION_STATUSES)
                edits.set_field(self.db, "community_connection", connection, "status", status)
            else:
                feedback = f"feedback {by}: enjoyed it, going again"
                edits.set_field(self.db, "community_connection", connection, "feedback", feedback)
        else:
            edits.remove_row(self.db, "community_connection", _pick(rng, connections))

    def _connect(self, rng: random.Random, n: int, person_id: str, services: list[str]) -> None:
        day = dt.date(2026, 11, 2) + dt.timedelta(days=n % 300)
        kind = rng.choice(CONNECTION_KINDS)
        connect_person(self.db, person_id, _pick(rng, services), kind, day)

    def _worker(self, s: Session, rng: random.Random) -> str | None:
        """A worker this laptop knows (none until its first pull brings them)."""
        return rng.choice([None, *s.exec(sqlselect(Worker.id).order_by(Worker.id)).all()])

    def close(self) -> None:
        self.transport.close()
        self.db.close()


# ------------------------------------------------------------------------ what edits are made of

PLAN_ROWS: tuple[type[Synced], ...] = (CarePlan, PlanNeed, PlanGoal, PlanAction, ContingencyPlan)
DIRECTORY_SHARE = 0.2  # of a worker's edits: the directory's (notes, checks, connections)
CONNECTION_KINDS: tuple[ConnectionKind, ...] = ("signpost", "referral")
CONNECTION_STATUSES = ("referred", "accepted", "attended", "declined", "did not attend")
ENCOUNTER_KINDS = ("conversation", "coaching", "follow-up", "review")
AGREED_WITH = ("the person", "the person and their daughter", "the person and their GP")
GOAL_STATUSES = ("not started", "in progress", "achieved", "partly achieved", "stopped")
ACTION_STATUSES = ("to do", "doing", "done", "stopped")
T = TypeVar("T")
S = TypeVar("S", bound=Synced)


def _pick(rng: random.Random, rows: Sequence[T]) -> T:
    """One of ``rows`` (oldest first), the older ones much more often (half the picks fall in
    the oldest 6%): the rows every laptop is likeliest to have, so edits meet."""
    return rows[int(len(rows) * rng.random() ** 4)]


def _live(s: Session, table: type[S], *where: ColumnElement[bool]) -> list[S]:
    """Rows not tombstoned on this laptop (oldest first): the parents new rows may have."""
    query = sqlselect(table).where(col(table.deleted_at).is_(None), *where)
    return list(s.exec(query.order_by(col(table.id))).all())


def _put(s: Session, row: Synced) -> None:
    """Add a row that later rows point to, and write it now: without ORM relationships the
    session does not order inserts by foreign key."""
    s.add(row)
    s.flush()


def _action(rng: random.Random, n: int, by: str, goal_id: str) -> PlanAction:
    return PlanAction(
        goal_id=goal_id, what=f"action {n} by {by}", who=rng.choice(["me", "me and my son"]),
        due_on=dt.date(2026, 11, 2) + dt.timedelta(days=n % 300 + 14),
        confidence=rng.randint(0, 10), review_on=dt.date(2027, 1, 4),
    )  # fmt: skip


def _contingency(n: int, by: str, plan_id: str) -> ContingencyPlan:
    return ContingencyPlan(
        plan_id=plan_id, triggers=f"triggers {n} by {by}",
        what_should_happen=f"what should happen {n}", who_to_contact="my daughter",
        coping_strategies=f"coping {n}",
    )  # fmt: skip


# ---------------------------------------------------------------------------------- the world


class Templates:
    """An empty, migrated client database, with its device state row, made once and copied
    for each laptop (fast)."""

    def __init__(self, folder: Path) -> None:
        self.key = keys.new_database_key()
        self.path = folder / "template.db"
        engine = open_engine(self.path, self.key)
        migrate.upgrade(engine, self.path, folder / "backups")
        Database(engine, self.path).ensure_device_state()
        checkpoint(engine)
        engine.dispose()

    def copy(self, dest: Path) -> Path:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.path, dest)
        return dest


@dataclass
class Imported:
    """One directory import as the server wrote it: for each record it wrote, an op as a laptop
    would have sent it (the fields it set, the version it was based on, its stamp) with the
    version it made, and, for records there before, their values before it."""

    edition: int
    writes: list[tuple[SeenOp, int]]
    before: dict[tuple[str, str], dict[str, Any]]


@dataclass
class Fleet:
    engine: Engine
    org_id: str
    team_id: str
    laptops: list[Laptop]
    net: FaultyNetwork
    folder: Path
    seed: int
    imports: list[Imported] = field(default_factory=list)

    def server_records(self) -> dict[tuple[str, str], dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.record).where(t.record.c.org_id == self.org_id))
            return {(r.entity, r.entity_id): dict(r._mapping) for r in rows}

    def directory_records(self) -> dict[tuple[str, str], dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.record).where(
                    t.record.c.org_id == self.org_id, t.record.c.entity.startswith("dir_")
                )
            )
            return {(r.entity, r.entity_id): dict(r._mapping) for r in rows}

    def import_directory(self, edition: int) -> None:
        """The administrator loads an edition of the feed (``feed.py``) into the organisation's
        directory, as ``import-directory`` does; what the import wrote is read back from the
        records' stamps (every field it set carries its stamp)."""
        path = feed.write(self.folder, edition, self.seed)
        before = self.directory_records()
        with self.engine.begin() as conn:
            report = import_file(conn, self.org_id, path)
        assert not report.problems, report.summary()
        writes = []
        for key, rec in self.directory_records().items():
            old = before.get(key)
            stamps, old_stamps = _stamps(rec), _stamps(old) if old else {}
            written = {
                name: value for name, value in rec["doc"]["values"].items()
                if name not in META_FIELDS and stamps[name] != old_stamps.get(name)
            }  # fmt: skip
            if not written:
                continue
            (hlc,) = {stamps[name].hlc for name in written}  # one op per record
            op = SeenOp(
                f"import {edition} {key}", edition, key[0], key[1],
                "patch" if old else "put", old["version"] if old else None, hlc, written,
            )  # fmt: skip
            writes.append((op, int(rec["version"])))
        values = {key: dict(rec["doc"]["values"]) for key, rec in before.items()}
        self.imports.append(Imported(edition, writes, values))

    def history(self) -> list[dict[str, Any]]:
        """Concurrent ordinary values that lost, as the server keeps them."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.history).where(t.history.c.org_id == self.org_id))
            return [dict(r._mapping) for r in rows]

    def applied(self) -> dict[tuple[str, int], dict[str, Any]]:
        ids = [lap.device_id for lap in self.laptops]
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.applied_op).where(t.applied_op.c.device_id.in_(ids)))
            return {(r.device_id, int(r.device_seq)): dict(r._mapping) for r in rows}


def _stamps(rec: dict[str, Any]) -> dict[str, FieldStamp]:
    """Every field's stamp in a stored record."""
    doc = rec["doc"]
    common = doc.get("stamp")
    return expand_stamps(
        doc["values"],
        FieldStamp(*common) if common else None,
        {k: FieldStamp(*s) for k, s in doc["stamps"].items()},
    )


def make_fleet(
    engine: Engine, app: TestClient, templates: Templates, folder: Path, seed: int, size: int = 3
) -> Fleet:
    """An organisation with one team and ``size`` enrolled laptops with skewed clocks.

    Accounts and devices are written straight into the server's tables (enrolling through the
    API hashes a password, which tests/server covers; here it would only cost time).
    """
    rng = random.Random(seed)
    with engine.begin() as conn:
        org_id = accounts.init_org(conn, f"Fleet {seed} {new_id()[:8]}")
        team_id = accounts.add_team(conn, org_id, "Canal Side")
    net = FaultyNetwork(app, random.Random(seed * 7919 + 1))
    laptops = []
    for i in range(size):
        name = "abc"[i] if size <= 3 else f"l{i}"
        path = templates.copy(folder / f"{name}.db")
        device_id = new_id().replace("-", "")
        token = f"token-{device_id}"
        worker_id = new_id()
        with engine.begin() as conn:
            conn.execute(
                t.account.insert().values(
                    id=worker_id, org_id=org_id, team_id=team_id,
                    username=f"{name}-{device_id}", display_name=f"Worker {name}",
                    role="link worker", password_hash="$argon2id$not-used", active=True,
                    created_at=dt.datetime.now(dt.UTC),
                )
            )  # fmt: skip
            conn.execute(
                t.device.insert().values(
                    id=device_id, org_id=org_id, worker_id=worker_id, name=f"Laptop {name}",
                    token_hash=accounts.token_hash(token), enrolled_at=dt.datetime.now(dt.UTC),
                )
            )  # fmt: skip
            server_write(conn, org_id, [
                ("worker", worker_id, {"team_id": team_id, "username": name,
                                       "display_name": f"Worker {name}", "role": "link worker",
                                       "active": True}),
                ("device", device_id, {"worker_id": worker_id, "name": f"Laptop {name}"}),
            ])  # fmt: skip
        # What enrolling writes (``client._adopt_organisation``; the template has no records
        # to move into the organisation), in one statement: this laptop's identity.
        db = open_laptop_database(path, templates.key)
        with db.replicating() as conn:
            conn.execute(
                update(SyncState.__table__).values(  # type: ignore[attr-defined]
                    device_id=device_id, org_id=org_id, org_name="Fleet", worker_id=worker_id,
                    worker_name=f"Worker {name}", team_id=team_id, role="link worker",
                    server_url=BASE_URL,
                )
            )  # fmt: skip
        db.close()
        skew = rng.randint(-10 * MINUTE_MS, 10 * MINUTE_MS)
        laptops.append(Laptop(name, path, templates.key, net, token, skew))
    return Fleet(engine, org_id, team_id, laptops, net, folder, seed)

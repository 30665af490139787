"""A fleet of laptops, each with its own encrypted database, syncing with the real server app
through a network that misbehaves on purpose; and the checks made once it has healed.

The server is the FastAPI app itself, served in-process through Starlette's test client (real
routes, real database: SQLite or PostgreSQL). Between each laptop and the app sits a
``FaultyNetwork`` link that, by a seeded random draw per request, drops the request, loses the
response after the server committed, delivers the request twice, holds it back and delivers it
later (after newer ones: reordering), cuts a laptop off (partition) or kills the laptop (its
``Database`` is thrown away and reopened from disk, as after a crash). Laptop clocks are skewed.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, text
from sqlmodel import select as sqlselect

from linkworker.server import accounts
from linkworker.server import tables as t
from linkworker.server.records import server_write
from linkworker.store import keys, migrate
from linkworker.store.database import Database
from linkworker.store.engine import checkpoint, open_engine
from linkworker.store.tables import Consent, Encounter, OutboxOp, Person, new_id
from linkworker.sync import client
from linkworker.sync.protocol import EnrolResponse
from linkworker.sync.transport import Transport

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
        """Remember every op this laptop created (they stay in the outbox until answered)."""
        with self.db.reading() as s:
            for op in s.exec(sqlselect(OutboxOp)).all():
                if op.op_id not in self.created:
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

    def people(self) -> list[str]:
        with self.db.reading() as s:
            return list(s.exec(sqlselect(Person.id)).all())

    def edit(self, rng: random.Random, serial: Iterator[int]) -> None:
        self._edit(rng, serial)
        self.note_outbox()

    def _edit(self, rng: random.Random, serial: Iterator[int]) -> None:
        people = self.people()
        n = next(serial)
        choice = rng.random() if people else 0.0
        with self.db.transaction() as s:
            if choice < 0.2:
                s.add(
                    Person(
                        given_name=f"Person {n}", family_name=self.name,
                        phone=f"0113 496 {n:04d}", town=rng.choice(["Leeds", "Otley", "Ilkley"]),
                    )
                )  # fmt: skip
                return
            person = s.get(Person, rng.choice(people))
            assert person is not None
            if choice < 0.5:  # ordinary fields
                for name in rng.sample(["phone", "town", "email", "pronouns"], rng.randint(1, 2)):
                    setattr(person, name, f"{name} {n} by {self.name}")
            elif choice < 0.7:  # guarded fields: each edit writes a value no one else writes
                name = rng.choice(["risk_notes", "nhs_number", "status"])
                setattr(person, name, f"{n:010d}" if name == "nhs_number" else f"{name} {n}")
                if rng.random() < 0.3:
                    person.risk_flag = not person.risk_flag
            elif choice < 0.8:  # a contact: append-only
                s.add(
                    Encounter(
                        person_id=person.id, occurred_at=dt.datetime.now(dt.UTC),
                        mode="phone", kind="conversation", notes=f"call {n}",
                    )
                )  # fmt: skip
            elif choice < 0.93:  # consent: a child record with guarded fields
                consents = s.exec(sqlselect(Consent).where(Consent.person_id == person.id)).all()
                if consents and rng.random() < 0.6:
                    consent = rng.choice(consents)
                    consent.given = not consent.given
                else:
                    s.add(
                        Consent(
                            person_id=person.id, kind="share with GP", given=True,
                            recorded_on=dt.date(2026, 11, 2),
                        )
                    )  # fmt: skip
            elif person.deleted_at is None:  # removed from the caseload: a tombstone
                person.deleted_at = dt.datetime.now(dt.UTC)

    def close(self) -> None:
        self.transport.close()
        self.db.close()


# ---------------------------------------------------------------------------------- the world


class Templates:
    """An empty, migrated client database made once and copied for each laptop (fast)."""

    def __init__(self, folder: Path) -> None:
        self.key = keys.new_database_key()
        self.path = folder / "template.db"
        engine = open_engine(self.path, self.key)
        migrate.upgrade(engine, self.path, folder / "backups")
        checkpoint(engine)
        engine.dispose()

    def copy(self, dest: Path) -> Path:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.path, dest)
        return dest


@dataclass
class Fleet:
    engine: Engine
    org_id: str
    team_id: str
    laptops: list[Laptop]
    net: FaultyNetwork

    def server_records(self) -> dict[tuple[str, str], dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.record).where(t.record.c.org_id == self.org_id))
            return {(r.entity, r.entity_id): dict(r._mapping) for r in rows}

    def applied(self) -> dict[tuple[str, int], dict[str, Any]]:
        ids = [lap.device_id for lap in self.laptops]
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.applied_op).where(t.applied_op.c.device_id.in_(ids)))
            return {(r.device_id, int(r.device_seq)): dict(r._mapping) for r in rows}


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
        db = open_laptop_database(path, templates.key)
        db.ensure_device_state()
        with db.replicating() as conn:
            conn.execute(text("UPDATE sync_state SET device_id = :d"), {"d": device_id})
        client._adopt_organisation(
            db,
            EnrolResponse(
                device_id=device_id, token=token, org_id=org_id, org_name="Fleet",
                worker_id=worker_id, worker_name=f"Worker {name}", team_id=team_id,
                role="link worker",
            ),
            BASE_URL,
        )  # fmt: skip
        db.close()
        skew = rng.randint(-10 * MINUTE_MS, 10 * MINUTE_MS)
        laptops.append(Laptop(name, path, templates.key, net, token, skew))
    return Fleet(engine, org_id, team_id, laptops, net)

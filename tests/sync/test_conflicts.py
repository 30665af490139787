"""Two workers change the same person's risk notes offline; both sync; each laptop shows one
conflict with both values; one worker keeps a value; after syncing, both laptops agree and the
conflict is gone everywhere. The other fields each changed merge without asking anyone."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from keyring.backends import fail
from sqlalchemy import Engine
from sqlmodel import select

from linkworker.care.person import NewPerson
from linkworker.paths import Paths
from linkworker.server import accounts
from linkworker.server import tables as t
from linkworker.server.app import create_app
from linkworker.server.db import create_server_engine, migrate
from linkworker.store.database import Database
from linkworker.store.keys import SecretStore
from linkworker.store.people import add_person
from linkworker.store.tables import Conflict, Person
from linkworker.store.vault import Vault
from linkworker.sync import client, conflicts, replica
from linkworker.sync.transport import Transport
from tests.conftest import PASSPHRASE

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery staple"


@dataclass
class Laptop:
    db: Database
    transport: Transport

    def sync(self) -> client.SyncReport:
        return client.sync_once(self.db, self.transport)

    def person(self, person_id: str) -> Person:
        with self.db.reading() as s:
            found = s.get(Person, person_id)
            assert found is not None
            return found

    def conflicts(self) -> list[Conflict]:
        with self.db.reading() as s:
            return list(s.exec(select(Conflict)).all())

    def edit(self, person_id: str, **fields: object) -> None:
        with self.db.transaction() as s:
            person = s.get(Person, person_id)
            assert person is not None
            for name, value in fields.items():
                setattr(person, name, value)


@pytest.fixture
def server_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_server_engine(f"sqlite:///{tmp_path / 'server.db'}")
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def two_laptops(server_engine: Engine, tmp_path: Path) -> Iterator[tuple[Laptop, Laptop]]:
    engine = server_engine
    with engine.begin() as conn:
        org = accounts.init_org(conn, "North PCN")
        team = accounts.add_team(conn, org, "Canal Side")
        accounts.add_worker(conn, org, "ann", "Ann", "link worker", PASSWORD, team)
        accounts.add_worker(conn, org, "cat", "Cat", "link worker", PASSWORD, team)
    laptops = []
    with TestClient(create_app(engine)) as http:
        for name, user in (("a", "ann"), ("b", "cat")):
            vault = Vault(Paths.under(tmp_path / name), SecretStore(fail.Keyring()))
            db = vault.create(PASSPHRASE)
            transport = Transport("http://testserver", client=http)
            client.enrol(db, vault, transport, user, PASSWORD, name)
            laptops.append(Laptop(db, transport))
        yield laptops[0], laptops[1]
        for lap in laptops:
            lap.db.close()


def test_a_conflict_is_shown_on_both_laptops_and_one_decision_closes_it(
    two_laptops: tuple[Laptop, Laptop],
) -> None:
    ann, cat = two_laptops
    person_id = add_person(ann.db, NewPerson(given_name="Ada", family_name="Okafor"))
    ann.sync()
    cat.sync()
    assert cat.person(person_id).given_name == "Ada"

    ann.edit(person_id, phone="0113 496 0000", risk_notes="Lives alone; stairs are hard")
    cat.edit(person_id, town="Otley", risk_notes="Daughter visits on Sundays")
    ann.sync()
    cat.sync()
    ann.sync()

    for lap in (ann, cat):
        person = lap.person(person_id)
        assert (person.phone, person.town) == ("0113 496 0000", "Otley")  # both edits kept
        [conflict] = lap.conflicts()
        assert (conflict.entity, conflict.entity_id, conflict.field) == (
            "person",
            person_id,
            "risk_notes",
        )
        assert {c["value"] for c in conflict.candidates} == {
            "Lives alone; stairs are hard",
            "Daughter visits on Sundays",
        }
    assert replica.counts(ann.db).conflicts == 1

    # Ann keeps the value already shown (the later one): that must still close the conflict.
    [conflict] = ann.conflicts()
    shown = ann.person(person_id).risk_notes
    conflicts.resolve(ann.db, conflict.id, shown)
    assert ann.conflicts() == []
    ann.sync()
    cat.sync()
    for lap in (ann, cat):
        assert lap.conflicts() == []
        assert lap.person(person_id).risk_notes == shown
    assert ann.person(person_id).version == cat.person(person_id).version


def test_a_merged_value_written_by_hand_closes_the_conflict_too(
    two_laptops: tuple[Laptop, Laptop],
) -> None:
    ann, cat = two_laptops
    person_id = add_person(ann.db, NewPerson(given_name="Ada", family_name="Okafor"))
    ann.sync()
    cat.sync()
    ann.edit(person_id, risk_notes="A")
    cat.edit(person_id, risk_notes="B")
    ann.sync()
    cat.sync()
    [conflict] = cat.conflicts()
    conflicts.resolve(cat.db, conflict.id, "A and B, agreed with Ada on the phone")
    cat.sync()
    ann.sync()
    for lap in (ann, cat):
        assert lap.conflicts() == []
        assert lap.person(person_id).risk_notes == "A and B, agreed with Ada on the phone"


def test_a_conflict_closed_elsewhere_meanwhile_is_said_to_be_gone(
    two_laptops: tuple[Laptop, Laptop],
) -> None:
    ann, _ = two_laptops
    with pytest.raises(conflicts.ConflictGone):
        conflicts.resolve(ann.db, "no-such-conflict", "x")


def test_an_edit_that_loses_every_field_to_a_later_one_is_kept_in_history(
    two_laptops: tuple[Laptop, Laptop], server_engine: Engine
) -> None:
    """Overlapping ordinary edits: the later by HLC wins, the loser is kept in history (DESIGN.md
    5), also when it arrives last and loses every field it wrote, so that nothing of it stands."""
    ann, cat = two_laptops
    person_id = add_person(ann.db, NewPerson(given_name="Ada", family_name="Okafor"))
    ann.sync()
    cat.sync()
    cat.edit(person_id, phone="0113 496 0999")
    ann.db.clock_skew_ms = 60_000  # Ann's edit is the later one, by a minute
    ann.edit(person_id, phone="0113 496 0000")
    ann.sync()
    cat.sync()  # Cat's edit arrives second and loses
    ann.sync()
    for lap in (ann, cat):
        assert lap.person(person_id).phone == "0113 496 0000"
        assert lap.conflicts() == []
    with server_engine.connect() as conn:
        kept = conn.execute(select(t.history.c.entity_id, t.history.c.field, t.history.c.value))
        assert [tuple(row) for row in kept] == [(person_id, "phone", "0113 496 0999")]


def test_about_me_started_on_two_laptops_offline_becomes_one_record_with_both_parts(
    two_laptops: tuple[Laptop, Laptop],
) -> None:
    """About Me is one per person: two workers who each start it offline make the same record,
    and sync keeps what each wrote (neither laptop's empty fields clear the other's words)."""
    from linkworker.store import edits
    from linkworker.store.record import read_record

    ann, cat = two_laptops
    person_id = add_person(ann.db, NewPerson(given_name="Ada", family_name="Okafor"))
    ann.sync()
    cat.sync()
    cat.db.clock_skew_ms = 60_000  # Cat's empty new record is the later one: it must not win
    for lap, field, words in ((ann, "most_important", "My allotment"),
                              (cat, "wellness", "Mornings are hardest")):  # fmt: skip
        row_id = edits.ensure_row(lap.db, "about_me", person_id)
        edits.set_field(lap.db, "about_me", row_id, field, words)
    for _ in range(2):
        ann.sync()
        cat.sync()
    for lap in (ann, cat):
        about = read_record(lap.db, person_id).about_me
        assert about is not None
        assert (about["most_important"], about["wellness"]) == (
            "My allotment", "Mornings are hardest",
        )  # fmt: skip
        assert lap.conflicts() == []

"""Many rows written at once: a push's new records and its op receipts.

On PostgreSQL they go in with COPY (much less of the server's time than an executemany), on
SQLite with an ordinary insert. Either way the stored rows must be exactly what an ordinary
insert stores, and a clash of ids must be the error the push endpoint knows how to retry.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import IntegrityError

from linkworker.server import accounts, records
from linkworker.server import tables as t
from linkworker.server.app import create_app
from linkworker.store.tables.base import new_id
from linkworker.sync.protocol import Op
from tests.server.conftest import World
from tests.server.helpers import Laptop, person, record_row

AWKWARD = {
    "given_name": "Siân",
    "family_name": "O'Brien-Łukasz",
    "notes": 'tab\there, "quotes", back\\slash, new\nline, and 表',
    "score": 7.25,
    "tiny": 1e-300,
    "flags": [True, False, None],
    "nested": {"a": {"b": ["c", 1, 2.5]}},
    "empty": "",
    "nothing": None,
}


def rows_for(org_id: str, entity: str, n: int) -> list[dict[str, Any]]:
    return [
        {
            "org_id": org_id, "entity": entity, "entity_id": f"id-{i:03d}", "scope": "team",
            "team_id": None, "root_id": None, "seq": 1000 + i, "version": 1,
            "deleted": i % 2 == 0, "append_only": False,
            "doc": {"values": {**AWKWARD, "n": i}, "stamp": ["1764000000000-00000-a", 1],
                    "stamps": {}, "candidates": {}},
        }
        for i in range(n)
    ]  # fmt: skip


def stored(engine: Engine, org_id: str, entity: str) -> list[dict[str, Any]]:
    r = t.record.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(t.record).where(r.org_id == org_id, r.entity == entity).order_by(r.entity_id)
        ).mappings()
        return [{k: v for k, v in row.items() if k != "entity"} for row in rows]


def test_rows_written_in_bulk_are_stored_as_an_ordinary_insert_stores_them(world: World) -> None:
    with world.engine.begin() as conn:
        records.insert_rows(conn, t.record, rows_for(world.org_a, "bulk", 40))
        conn.execute(t.record.insert(), rows_for(world.org_a, "plain", 40))
        records.insert_rows(conn, t.record, rows_for(world.org_a, "few", 3))

    bulk = stored(world.engine, world.org_a, "bulk")
    assert len(bulk) == 40
    assert bulk == stored(world.engine, world.org_a, "plain")
    assert bulk[:3] == stored(world.engine, world.org_a, "few")
    assert bulk[5]["doc"]["values"]["notes"] == AWKWARD["notes"]


def test_a_clash_of_ids_in_bulk_is_an_integrity_error_and_saves_nothing(world: World) -> None:
    with world.engine.begin() as conn:
        records.insert_rows(conn, t.record, rows_for(world.org_a, "bulk", 20))
    clashing = rows_for(world.org_a, "bulk", 30)[10:]  # ten new, then one already stored

    with pytest.raises(IntegrityError), world.engine.begin() as conn:
        records.insert_rows(conn, t.record, list(reversed(clashing)))

    assert len(stored(world.engine, world.org_a, "bulk")) == 20


def test_two_laptops_creating_one_record_at_the_same_moment_both_get_it_merged(
    world: World, server_db_url: str
) -> None:
    """The only place two pushes can meet without a lock is the insert of a new record: there
    is no row to lock before it exists. The first push is held open after writing the new
    person; the second (over HTTP) loads, finds nothing, and waits (on PostgreSQL at the
    organisation's counter); when the first commits, its insert of the same person fails with a
    unique violation, and it is merged again into what the first wrote, as
    ``_push_once_more_if_raced`` promises. (On SQLite one writer is let in at a time, so the
    second simply merges after the first.)"""
    first = Laptop(world.client, world.alice)
    second = Laptop(TestClient(create_app(world.engine)), world.alice)
    ada = new_id()
    mine = first.op("person", ada, "put", person("Ada", "Lovelace", phone="0113 496 0000"))
    theirs = second.op("person", ada, "put", person("Ada", "Lovelace", town="Otley"))
    # Enough ops that the second batch's new records go in as one bulk write.
    extra = [second.op("follow_up", new_id(), "put", follow_up(ada)) for _ in range(12)]

    answer: dict[str, Any] = {}
    with world.engine.connect() as conn:
        tx = conn.begin()
        caller = accounts.authenticate(conn, first.token)
        assert caller is not None
        records.push(conn, caller, [Op.model_validate(mine)])

        def push_second() -> None:
            answer["response"] = second.push(theirs, *extra)

        racer = threading.Thread(target=push_second)
        racer.start()
        if world.engine.dialect.name == "postgresql":
            wait_until_blocked(world.engine)
        tx.commit()
    racer.join(timeout=60)

    assert not racer.is_alive() and "response" in answer, "the second push never answered"
    response = answer["response"]
    assert response.status_code == 200, response.text
    statuses = [r["status"] for r in response.json()["results"]]
    assert statuses == ["merged"] + ["applied"] * len(extra)  # into the first laptop's person
    row = record_row(world.engine, world.org_a, "person", ada)
    assert row is not None
    values = row["doc"]["values"]
    assert (values["phone"], values["town"]) == ("0113 496 0000", "Otley")  # both edits kept


def follow_up(person_id: str) -> dict[str, Any]:
    return {"person_id": person_id, "due_on": "2026-12-01", "what": "Ring back"}


def wait_until_blocked(engine: Engine, seconds: float = 30.0) -> None:
    """Until some other session waits on a lock (the second push, at the organisation's
    counter)."""
    deadline = time.monotonic() + seconds
    with engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                )
            ).scalar_one()
            conn.rollback()
            if waiting:
                return
            time.sleep(0.05)
    raise AssertionError("the second push never reached the insert")

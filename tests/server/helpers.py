"""A laptop as the server sees it: enrols once, then pushes ops and pulls pages over HTTP."""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, MetaData, select

from linkworker.care.hlc import HybridLogicalClock
from linkworker.server import tables as t
from linkworker.store.tables.base import new_id
from linkworker.sync.protocol import PROTOCOL_VERSION


@dataclass(frozen=True)
class Worker:
    username: str
    password: str
    worker_id: str
    team_id: str | None
    org_id: str


def new_device_id() -> str:
    return uuid.uuid4().hex[:24]


@dataclass
class Laptop:
    """One enrolled laptop: its token, its own clock and outbox counter, its pull cursor."""

    client: TestClient
    worker: Worker
    device_id: str = field(default_factory=new_device_id)
    token: str = ""
    cursor: int = 0
    seq: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.clock = HybridLogicalClock(self.device_id)
        if not self.token:
            self.token = enrol(self.client, self.worker, self.device_id).json()["token"]

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def op(
        self, entity: str, entity_id: str, kind: str, payload: dict[str, Any],
        base_version: int | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        return {
            "op_id": new_id(), "device_seq": next(self.seq), "entity": entity,
            "entity_id": entity_id, "kind": kind, "base_version": base_version,
            "hlc": self.clock.now().pack(), "payload": payload,
        }  # fmt: skip

    def push(self, *ops: dict[str, Any], **extra: Any) -> Response:
        """Push a batch. Encoded by ``json.dumps`` as it is: NaN and lone surrogates, if any ops
        carry them, go out as a careless client would send them (httpx's ``json=`` refuses)."""
        body = {"protocol": PROTOCOL_VERSION, "batch_id": new_id(), "ops": list(ops), **extra}
        return self.client.post(
            "/v1/push", content=json.dumps(body).encode("ascii"),
            headers={**self.auth, "Content-Type": "application/json"},
        )  # fmt: skip

    def pushed(self, *ops: dict[str, Any]) -> list[dict[str, Any]]:
        """Push and insist it worked; the per-op results."""
        response = self.push(*ops)
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        return results

    def pull_page(self, cursor: int | None = None, limit: int | None = None) -> Response:
        params: dict[str, Any] = {"cursor": self.cursor if cursor is None else cursor}
        if limit is not None:
            params["limit"] = limit
        return self.client.get("/v1/pull", params=params, headers=self.auth)

    def pull_all(self, cursor: int = 0) -> tuple[list[dict[str, Any]], str]:
        """Every change after ``cursor``, page by page; also every raw body, joined."""
        changes: list[dict[str, Any]] = []
        bodies: list[str] = []
        while True:
            response = self.pull_page(cursor)
            assert response.status_code == 200, response.text
            bodies.append(response.text)
            page = response.json()
            changes.extend(page["changes"])
            cursor = page["cursor"]
            if not page["more"]:
                break
        self.cursor = cursor
        return changes, "\n".join(bodies)

    def sync_view(self, cursor: int = 0) -> dict[tuple[str, str], dict[str, Any]]:
        """What this laptop holds after pulling from ``cursor``: removed records are gone."""
        held: dict[tuple[str, str], dict[str, Any]] = {}
        for change in self.pull_all(cursor)[0]:
            key = (change["entity"], change["entity_id"])
            if change["removed"]:
                held.pop(key, None)
            else:
                held[key] = change
        return held


def enrol(client: TestClient, worker: Worker, device_id: str, password: str | None = None,
          **extra: Any) -> Response:  # fmt: skip
    body = {
        "protocol": PROTOCOL_VERSION, "username": worker.username,
        "password": worker.password if password is None else password,
        "device_id": device_id, "device_name": f"laptop of {worker.username}", **extra,
    }  # fmt: skip
    return client.post("/v1/enrol", json=body)


def person(given: str, family: str, **more: Any) -> dict[str, Any]:
    return {"given_name": given, "family_name": family, "status": "active", **more}


def consent(person_id: str, **more: Any) -> dict[str, Any]:
    return {"person_id": person_id, "kind": "share with GP", "given": True,
            "recorded_on": "2025-03-04", **more}  # fmt: skip


def dump_database(engine: Engine) -> list[tuple[str, dict[str, Any]]]:
    """Every row of every server table, as (table, row)."""
    found: list[tuple[str, dict[str, Any]]] = []
    reflected = MetaData()
    reflected.reflect(engine)
    with engine.connect() as conn:
        for table in reflected.sorted_tables:
            for row in conn.execute(select(table)).mappings():
                found.append((table.name, dict(row)))
    return found


def database_text(engine: Engine) -> str:
    """Every value in the server database as text, for searching for what must not be there."""
    return "\n".join(
        json.dumps(row, default=str, ensure_ascii=False) for _, row in dump_database(engine)
    )


def record_row(engine: Engine, org_id: str, entity: str, entity_id: str) -> dict[str, Any] | None:
    r = t.record.c
    with engine.connect() as conn:
        row = conn.execute(
            select(t.record).where(r.org_id == org_id, r.entity == entity, r.entity_id == entity_id)
        ).mappings().first()  # fmt: skip
    return dict(row) if row is not None else None
